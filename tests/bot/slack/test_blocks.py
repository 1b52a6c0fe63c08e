"""The Block Kit builders: pure functions from core results to Slack's dicts, against golden files."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.slack.blocks import (
    NOT_IN_CHANNEL_NOTE,
    DigestFacts,
    HomeFacts,
    build_advice_message,
    build_advise_form,
    build_help,
    build_home,
    build_input_error,
    build_prices,
    build_unknown_command,
    form_errors,
    form_text,
)
from bot.slack.blocks.form import InputState
from core.conversation import fresh_answer, prices_text, reply_to
from core.errors import InvalidInput
from core.workload import MissingInput, Workload, parse_workload, workload_pairs
from tests.golden import assert_golden

# Slack refuses a whole message that breaks one of these.
MAX_BLOCKS = 50
MAX_HEADER_CHARS = 150
MAX_SECTION_CHARS = 3000
MAX_FIELDS = 10
MAX_FIELD_CHARS = 2000
MAX_MODAL_BLOCKS = 100

WORKLOADS = {
    "request": "3M requests/month, 120ms avg, 1.5GB",
    "request_arm64": "50 req/s peak, 200 ms, 512MB arm64 in eu-west-1",
    "job": "nightly job, 40 minutes, 4 vCPU 16GB",
    "service": "always-on API 2 vCPU 4GB x3",
    "nothing_fits": "service 1000 vCPU 64GB",
}


def golden_json(name: str, value: Any) -> None:
    assert_golden(f"slack/{name}.json", json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def advice_for(text: str, catalog: Any) -> tuple[Any, Workload]:
    workload = parse_workload(text)
    return fresh_answer(workload, catalog).answer, workload


def texts_of(blocks: list[dict[str, Any]]) -> list[str]:
    out = []
    for block in blocks:
        if "text" in block:
            out.append(block["text"]["text"])
        out += [f["text"] for f in block.get("fields", [])]
        out += [e["text"] for e in block.get("elements", []) if "text" in e and isinstance(e["text"], str)]
    return out


def check_limits(message: dict[str, Any]) -> None:
    blocks = message["blocks"]
    assert 0 < len(blocks) <= MAX_BLOCKS
    for block in blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= MAX_HEADER_CHARS
        if block["type"] == "section":
            assert len(block.get("text", {}).get("text", "")) <= MAX_SECTION_CHARS
            assert len(block.get("fields", [])) <= MAX_FIELDS
            assert all(len(f["text"]) <= MAX_FIELD_CHARS for f in block.get("fields", []))


@pytest.mark.parametrize("name", sorted(WORKLOADS))
def test_an_answer_is_a_header_a_table_of_three_options_the_why_context_and_buttons(name, catalog):
    answer, workload = advice_for(WORKLOADS[name], catalog)

    message = build_advice_message(answer, offer_arm64=workload.arch != "arm64")

    golden_json(f"advice_{name}", message)
    check_limits(message)
    blocks = message["blocks"]
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": answer.headline, "emoji": True},
    }
    [table] = [b for b in blocks if b.get("block_id") == "advice_options"]
    assert len(table["fields"]) == 6  # service and cost, then what was sized: one row per service
    assert [b["type"] for b in blocks[-2:]] == ["context", "actions"]
    assert answer.prices in blocks[-2]["elements"][-1]["text"]


def test_the_recommended_option_is_marked_and_an_impossible_one_says_so(catalog):
    answer, _ = advice_for(WORKLOADS["request"], catalog)
    [table] = [b for b in build_advice_message(answer)["blocks"] if b.get("block_id") == "advice_options"]

    cells = [f["text"] for f in table["fields"]]

    assert cells[0] == ":white_check_mark: *Lambda*: *$13.67* a month"
    assert cells[2].startswith(":white_small_square: *Fargate*: $")
    impossible, _ = advice_for(WORKLOADS["nothing_fits"], catalog)
    rows = build_advice_message(impossible)["blocks"][2]["fields"]
    assert ":no_entry_sign: *Lambda*: can't run it" in [f["text"] for f in rows]


def test_the_buttons_are_chart_try_arm64_and_edit_inputs_but_arm64_only_when_it_would_change_something(
    catalog,
):
    x86, _ = advice_for(WORKLOADS["request"], catalog)
    arm, _ = advice_for(WORKLOADS["request_arm64"], catalog)

    def buttons(message):
        return [e["action_id"] for e in message["blocks"][-1]["elements"]]

    assert buttons(build_advice_message(x86)) == ["chart", "try_arm64", "edit_inputs"]
    assert buttons(build_advice_message(arm, offer_arm64=False)) == ["chart", "edit_inputs"]


def test_a_follow_up_answer_says_what_changed_first(catalog):
    first = reply_to("advise " + WORKLOADS["request"], None, catalog)
    second = reply_to("what if traffic triples?", first.workload, catalog)

    message = build_advice_message(second.answer)

    golden_json("advice_followup_traffic", message)
    assert message["blocks"][2]["text"]["text"].startswith("*What changed*\n• requests: 3M → 9M")


def test_an_answer_only_the_asker_sees_has_no_buttons_and_says_how_to_invite_the_bot(catalog):
    answer, _ = advice_for(WORKLOADS["request"], catalog)

    message = build_advice_message(answer, buttons=False, note=NOT_IN_CHANNEL_NOTE)

    assert all(block["type"] != "actions" for block in message["blocks"])
    assert "`/invite @compute`" in message["blocks"][-1]["text"]["text"]


def test_the_notification_text_is_the_headline_and_the_workload(catalog):
    answer, _ = advice_for(WORKLOADS["request"], catalog)

    assert build_advice_message(answer)["text"] == (
        "Lambda: $13.67 a month · 3M requests/month · 120ms · 1.5GB · x86_64 · us-east-1"
    )


@pytest.mark.parametrize(
    "text",
    [
        "3M requests/month, 120ms avg, 1.5GB, latency=sensitive free_tier=yes",
        "avg 20 rps, peak 100 rps, 50ms arm64",
        "job hourly 3 minutes gpus=1 type=g5.xlarge",
        "service m7g.large x2 ebs=50GB hours=200",
        "job runs=2/day duration=1.5s vcpu=0.25 memory=0.5GB spot windows",
        "request 10B requests 14 minutes 10GB",
    ],
)
def test_every_answer_keeps_within_slacks_limits(text, catalog):
    answer, _ = advice_for(text, catalog)

    check_limits(build_advice_message(answer))


def test_what_a_person_typed_cannot_ping_a_channel_or_break_the_markup():
    error = InvalidInput("text", "<!channel> & <@U123> `x`", "a workload")

    message = build_input_error(error)

    shown = " ".join(texts_of(message["blocks"]))
    assert "<!channel>" not in shown
    assert "&lt;!channel&gt; &amp; &lt;@U123&gt; 'x'" in shown


def test_a_bad_input_names_the_field_what_was_given_and_what_is_accepted():
    message = build_input_error(InvalidInput("memory", "3XB", "a size such as 512MB or 1.5GB"))

    golden_json("error_memory", message)
    assert message["blocks"][0]["text"]["text"] == (
        ":warning: I couldn't use *memory*: got `3XB`\n*Accepted:* a size such as 512MB or 1.5GB"
    )


def test_a_missing_input_says_it_is_missing():
    message = build_input_error(MissingInput("duration", "give the average time per request, such as 120ms"))

    assert message["blocks"][0]["text"]["text"].startswith(":warning: *duration* is missing.")


def test_help_lists_the_commands_and_the_terminal_examples():
    message = build_help()

    golden_json("help", message)
    assert "advise 3M requests/month, 120ms avg, 1.5GB" in message["blocks"][1]["text"]["text"]


def test_prices_keep_their_alignment_in_a_code_block(catalog):
    message = build_prices(prices_text(catalog, "eu-west-1"))

    golden_json("prices_eu_west_1", message)
    assert message["blocks"][0]["text"]["text"].startswith("```Unit prices in eu-west-1 (EU (Ireland)):")


def test_an_unknown_subcommand_names_the_ones_there_are():
    message = build_unknown_command("digest", ("advise", "help", "prices"))

    assert message["text"] == (
        ":thinking_face: `/compute digest` isn't a command I know. Try `advise`, `help`, `prices`."
    )


def test_the_first_form_holds_a_small_web_endpoint_as_defaults():
    view = build_advise_form(None, "")

    golden_json("form_defaults", view)
    assert len(view["blocks"]) <= MAX_MODAL_BLOCKS
    state = submitted(view)
    assert form_text(state) == (
        "kind=request-driven requests=1M duration=100ms memory=512MB region=us-east-1 arch=x86_64"
    )


def submitted(view: dict[str, Any], **typed: str) -> dict[str, dict[str, InputState]]:
    """The state Slack would send for `view`, submitted with its initial values (or `typed` ones)."""
    state = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        if "initial_option" in element:
            value = InputState(type=element["type"], selected_option=element["initial_option"])
        else:
            value = InputState(
                type=element["type"], value=typed.get(block["block_id"], element.get("initial_value"))
            )
        state[block["block_id"]] = {"value": value}
    return state


@pytest.mark.parametrize("name", sorted(set(WORKLOADS) - {"nothing_fits"}))
def test_a_form_filled_from_a_workload_and_submitted_unchanged_gives_the_same_workload(name):
    workload = parse_workload(WORKLOADS[name])

    view = build_advise_form(workload_pairs(workload), "{}")

    again = parse_workload(form_text(submitted(view)))
    assert replace(again, notes=()) == replace(workload, notes=())


def test_the_edit_form_shows_the_fields_it_has_and_the_rest_as_pairs():
    workload = parse_workload("50 req/s peak, 200 ms, 512MB arm64 in eu-west-1 latency=sensitive")

    view = build_advise_form(workload_pairs(workload), '{"channel_id": "C1"}')

    golden_json("form_edit", view)
    blocks = {b["block_id"]: b for b in view["blocks"] if "block_id" in b}
    assert blocks["memory"]["element"]["initial_value"] == "512MB"
    assert "initial_value" not in blocks["requests"]["element"]
    assert blocks["arch"]["element"]["initial_option"]["value"] == "arm64"
    assert blocks["more"]["element"]["initial_value"] == "peak_rps=50 latency=sensitive"


def test_typed_spaces_inside_a_value_are_read_as_one_value():
    view = build_advise_form(None, "{}")

    assert "duration=1.5s" in form_text(submitted(view, duration="1.5 s"))


@pytest.mark.parametrize(
    ("field", "block_id"),
    [("memory", "memory"), ("requests", "requests"), ("region", "region"), ("text", "more"), ("key", "more")],
)
def test_a_form_error_is_shown_on_the_input_it_is_about(field, block_id):
    errors = form_errors(InvalidInput(field, "x", "something else"))

    assert errors == {block_id: f"{field}: got 'x'; something else"}


def test_the_home_tab_says_what_the_bot_does_its_settings_and_the_last_digest():
    posted = datetime(2025, 1, 6, 9, 0, 12, tzinfo=UTC)
    facts = HomeFacts("socket", "C0DIGEST", "0 9 * * mon", "Europe/Berlin", ("us-east-1", "eu-west-1"), None)

    source = "CUR 2.0 export s3://billing/cur2/cur2-export through DuckDB (2 Parquet files)"
    last = DigestFacts(2025, 2, posted, source)
    with_digest = build_home(
        replace(facts, last_digest=last, digest_source="a CUR 2.0 export, through DuckDB", regions=None)
    )

    golden_json("home", with_digest)
    shown = "\n".join(texts_of(with_digest["blocks"]))
    assert "Week 2025-W02, posted in <#C0DIGEST> on 2025-01-06 09:00 UTC.\nSource: " + source in shown
    assert "*Digest reads*\na CUR 2.0 export, through DuckDB" in shown
    assert "*Regions read*\nevery region the CUR export holds" in shown  # not DIGEST_REGIONS
    assert "*Regions read*\nus-east-1, eu-west-1" in "\n".join(texts_of(build_home(facts)["blocks"]))
    assert "*Digest reads*\nCloudWatch and the service APIs" in "\n".join(
        texts_of(build_home(facts)["blocks"])
    )
    assert "`0 9 * * mon` (Europe/Berlin)" in shown
    assert "None posted in <#C0DIGEST> yet." in "\n".join(texts_of(build_home(facts)["blocks"]))


def test_the_home_tab_without_a_digest_channel_says_how_to_set_one():
    facts = HomeFacts("http", None, "0 9 * * mon", "UTC", ("us-east-1",), None)

    shown = "\n".join(texts_of(build_home(facts)["blocks"]))

    assert "off: DIGEST_CHANNEL is not set" in shown
    assert "set DIGEST_CHANNEL to a channel ID" in shown
