"""The digest's Block Kit and terminal renderings: golden files, Slack's limits, the note buttons."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest

from bot.cli.render.digest import digest_text
from bot.digest.blocks import (
    BUTTON_VALUE_CHARS,
    OPEN_NOTE_ACTION,
    TOP_NOTES,
    build_digest_blocks,
    open_note_value,
)
from bot.digest.compose import IsoWeek, compose_digest
from bot.digest.demo import demo_usage
from bot.settings import load_settings
from core.digest import Digest, PreviousDigest, build_digest
from core.digest.model import Thresholds
from core.prices.catalog import PriceCatalog
from core.workload import Workload
from tests.golden import assert_golden

MAX_BLOCKS = 50
SECTION_CHARS = 3000
HEADER_CHARS = 150


@pytest.fixture(scope="module")
def digest(catalog: PriceCatalog) -> Digest:
    return compose_digest(load_settings({}), demo_usage(), week=IsoWeek(2025, 45), catalog=catalog)


def texts(blocks: list[dict[str, object]]) -> list[str]:
    out = []
    for block in blocks:
        text = block.get("text")
        if isinstance(text, dict):
            out.append(str(text["text"]))
        for element in block.get("elements", []):
            out.append(str(element["text"]))
    return out


def test_the_demo_digest_blocks_match_their_golden_file(digest: Digest) -> None:
    blocks = build_digest_blocks(digest)

    assert_golden("digest/demo_blocks.json", json.dumps(blocks, indent=2, ensure_ascii=False) + "\n")


def test_the_demo_digest_in_a_terminal_matches_its_golden_file(digest: Digest) -> None:
    assert_golden("digest/demo.txt", digest_text(digest) + "\n")


def test_the_blocks_keep_within_slack_s_limits(digest: Digest) -> None:
    blocks = build_digest_blocks(digest)

    assert len(blocks) <= MAX_BLOCKS
    assert all(len(text) <= SECTION_CHARS for text in texts(blocks))
    assert len(blocks[0]["text"]["text"]) <= HEADER_CHARS
    ids = [block["block_id"] for block in blocks if "block_id" in block]
    assert len(ids) == len(set(ids))


def test_the_summary_says_what_was_checked_and_what_could_not_be_read(digest: Digest) -> None:
    summary, *_ = texts(build_digest_blocks(digest))
    everything = "\n".join(texts(build_digest_blocks(digest)))

    assert summary.startswith("Compute digest · 2025-W45")
    assert (
        f"*{len(digest.notes)} workloads could run for less on another service: $1,539.10 a month in all.*"
        in (everything)
    )
    assert "*18 workloads checked, 6 without enough data*" in everything
    assert "• eu-west-1: ecs ListClusters in 111122223333: AccessDeniedException" in everything


def test_each_top_note_has_a_button_carrying_its_workload(digest: Digest) -> None:
    blocks = build_digest_blocks(digest)
    buttons = [block["accessory"] for block in blocks if "accessory" in block]

    assert len(buttons) == min(TOP_NOTES, len(digest.notes))
    for button, note in zip(buttons, digest.notes, strict=False):
        assert button["action_id"] == OPEN_NOTE_ACTION
        assert len(button["value"]) <= BUTTON_VALUE_CHARS
        assert Workload.from_dict(json.loads(button["value"])) == note.workload


def test_a_workload_too_long_for_a_button_loses_its_notes_not_its_figures(digest: Digest) -> None:
    note = digest.notes[0]
    wordy = replace(note, workload=note.workload.changed(notes=("x" * 900, "y" * 900, "z" * 900)))

    value = open_note_value(wordy)

    assert value is not None
    assert len(value) <= BUTTON_VALUE_CHARS
    assert Workload.from_dict(json.loads(value)) == note.workload.changed(notes=())


def test_only_the_top_notes_are_shown_and_the_rest_are_counted(digest: Digest) -> None:
    more = replace(digest, notes=digest.notes * 2)

    blocks = build_digest_blocks(more)

    assert sum("accessory" in block for block in blocks) == TOP_NOTES
    assert f"{2 * len(digest.notes) - TOP_NOTES} more: `compute-advisor digest --json`" in "\n".join(
        texts(blocks)
    )


def test_a_digest_without_notes_says_no_workload_passed_the_thresholds(catalog: PriceCatalog) -> None:
    quiet = build_digest(demo_usage(), catalog, Thresholds(Decimal(99), Decimal(10_000)), week="2025-W45")

    everything = "\n".join(texts(build_digest_blocks(quiet)))

    assert "No workload would save at least 99% and $10000 a month on another service." in everything
    assert not any("accessory" in block for block in build_digest_blocks(quiet))


def test_a_preview_says_only_the_caller_sees_it(digest: Digest) -> None:
    preview = "\n".join(texts(build_digest_blocks(digest, preview=True)))

    assert "Preview: only you can see this" in preview
    assert "Preview" not in "\n".join(texts(build_digest_blocks(digest)))


def test_the_change_since_last_week_is_in_the_summary(catalog: PriceCatalog) -> None:
    previous = PreviousDigest(
        "2025-W44", Decimal("5000.00"), Decimal("1000.00"), 17, {"gone-resource": Decimal(50)}
    )
    digest = compose_digest(
        load_settings({}), demo_usage(), week=IsoWeek(2025, 45), previous=previous, catalog=catalog
    )

    summary = texts(build_digest_blocks(digest))[1]

    assert "Since 2025-W44: savings found +$539.10, list price of what was checked +$140.00" in summary
    assert "gone: gone-resource" in summary


def test_names_from_aws_tags_are_escaped_for_slack(digest: Digest) -> None:
    note = replace(digest.notes[0], name="<!channel> ops & dev")

    text = build_digest_blocks(replace(digest, notes=(note,)))[3]["text"]["text"]

    assert "*1. &lt;!channel&gt; ops &amp; dev*" in text
