"""The README shows real output: its chat session and its advise example are what the code prints."""

import io
import re
from pathlib import Path

from bot.cli.chat import run_chat
from bot.cli.main import main
from bot.prices import bundled_catalog
from core.workload.names import preset_table
from core.workload.pairs import phrase_table
from core.workload.phrasebook import PHRASEBOOK

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _block_after(marker: str) -> str:
    start = README.index(marker)
    opening = README.index("```text\n", start) + len("```text\n")
    return README[opening : README.index("```", opening)]


def test_the_readme_chat_session_is_what_the_chat_prints():
    shown = _block_after("## A session of the terminal chat")
    asked = re.findall(r"^compute> (.*)$", shown, flags=re.MULTILINE)
    assert len(asked) >= 4  # a real session: advice, follow-ups, and a refusal
    out = io.StringIO()
    run_chat(io.StringIO("".join(line + "\n" for line in asked)), out, bundled_catalog())
    assert out.getvalue().rstrip("\n") == shown.rstrip("\n")


def test_the_readme_advise_example_is_what_advise_prints(capsys):
    shown = _block_after("## `compute-advisor advise`")
    command = '$ compute-advisor advise "3M requests, 120ms, 20000MB"\n'
    example = shown[shown.index(command) + len(command) : shown.index("$ compute-advisor advise", 1)]
    assert main(["advise", "3M requests, 120ms, 20000MB"]) == 0
    assert capsys.readouterr().out == example


def test_the_readme_tables_of_names_and_phrases_are_what_the_parser_reads():
    # python scripts/readme_tables.py rewrites them after a deliberate change
    assert preset_table() in README
    assert phrase_table(PHRASEBOOK) in README
