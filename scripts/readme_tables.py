"""Rewrite the README's generated tables (workload names, and what each phrase is read as) from the
parser, in place: `python scripts/readme_tables.py`. tests/test_readme.py fails until they match."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from core.workload.names import preset_table
from core.workload.pairs import phrase_table
from core.workload.phrasebook import PHRASEBOOK

README = Path(__file__).resolve().parents[1] / "README.md"
TABLES: dict[str, Callable[[], str]] = {
    "<!-- preset table:": preset_table,
    "<!-- phrase table:": lambda: phrase_table(PHRASEBOOK),
}


def with_table(text: str, marker: str, table: str) -> str:
    """`text` with the table after the line holding `marker` (up to the next blank line) replaced."""
    start = text.index("\n", text.index(marker)) + 1
    end = text.index("\n\n", start) + 1
    return text[:start] + table + text[end:]


def main() -> None:
    text = README.read_text(encoding="utf-8")
    for marker, table in TABLES.items():
        text = with_table(text, marker, table())
    README.write_text(text, encoding="utf-8")
    print(f"rewrote {len(TABLES)} tables in {README}")


if __name__ == "__main__":
    main()
