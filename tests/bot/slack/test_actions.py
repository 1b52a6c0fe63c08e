"""The buttons under an answer and the advise form, over HTTP as Slack's interactivity posts them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.bot.slack.slack_app import ask, served_app
from tests.bot.slack.test_blocks import texts_of
from tests.golden import assert_golden
from tests.slack_stub import RESPONSE_URL_METHOD, UPLOAD_METHOD

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def form_state(view: dict[str, Any], **typed: str) -> dict[str, Any]:
    """view.state.values as Slack sends them for `view` submitted with its initial values or `typed`."""
    values: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        if "initial_option" in element:
            state = {"type": element["type"], "selected_option": element["initial_option"]}
        else:
            state = {
                "type": element["type"],
                "value": typed.get(block["block_id"], element.get("initial_value")),
            }
        values[block["block_id"]] = {"value": state}
    return values


def test_chart_uploads_a_png_into_the_answers_thread(app, stub):
    root = ask(app, stub)

    response = app.click("chart", root)

    assert (response.status, response.body) == (200, "")
    [completed] = stub.wait_for("files.completeUploadExternal")
    assert (completed.body["channel_id"], completed.body["thread_ts"]) == ("C1", root)
    [upload] = stub.calls(UPLOAD_METHOD)
    [png] = upload.files.values()
    assert png.startswith(PNG_SIGNATURE)
    [asked] = stub.calls("files.getUploadURLExternal")
    assert asked.body["filename"] == "compute-advisor-chart.png"


def test_chart_for_a_service_without_a_rate_draws_cost_against_tasks(app, stub):
    root = ask(app, stub, "advise always-on API 2 vCPU 4GB x3")

    app.click("chart", root)

    [completed] = stub.wait_for("files.completeUploadExternal")
    assert json.loads(completed.body["files"])[0]["title"].startswith(
        "Monthly cost against tasks or instances"
    )
    [upload] = stub.calls(UPLOAD_METHOD)
    [png] = upload.files.values()
    assert png.startswith(PNG_SIGNATURE)


def test_chart_for_a_workload_nothing_can_run_says_so(app, stub):
    root = ask(app, stub, "advise service 1000 vCPU 64GB")

    app.click("chart", root)

    [reply] = stub.wait_for(RESPONSE_URL_METHOD)
    assert reply.body["response_type"] == "ephemeral"
    said = reply.body["blocks"][0]["text"]["text"]
    assert said.startswith(":warning: I couldn't use *chart*")
    assert "at least one option that can run the workload" in said
    app.drain()
    assert stub.calls("files.completeUploadExternal") == []


def test_try_arm64_answers_in_the_thread_with_what_changed(app, stub):
    root = ask(app, stub)

    app.click("try_arm64", root)

    reply = stub.wait_posted(2)[1]
    assert reply["thread_ts"] == root
    assert "• arch: x86_64 → arm64" in reply["blocks"][2]["text"]["text"]
    assert [e["action_id"] for e in reply["blocks"][-1]["elements"]] == ["chart", "edit_inputs"]


def test_a_button_on_a_reply_in_a_thread_works_on_the_threads_workload(app, stub):
    root = ask(app, stub)
    app.click("try_arm64", root)
    reply = stub.wait_posted(2)[1]
    app.wait_stored(root, answer_ts=reply["ts"])

    app.click("chart", reply["ts"], thread_ts=root)

    [completed] = stub.wait_for("files.completeUploadExternal")
    assert completed.body["thread_ts"] == root
    assert "arm64" in json.loads(completed.body["files"])[0]["title"]


def test_a_button_on_an_answer_the_bot_no_longer_knows_says_so(app, stub):
    app.click("try_arm64", "1700000000.999999")

    [reply] = stub.wait_for(RESPONSE_URL_METHOD)
    assert "I no longer have the inputs of that answer" in reply.body["text"]


def test_edit_inputs_opens_the_form_filled_with_the_answers_workload(app, stub):
    root = ask(app, stub)

    app.click("edit_inputs", root)

    [opened] = stub.wait_for("views.open")
    view = opened.decoded("view")
    fields = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert fields["requests"]["initial_value"] == "3M"
    assert fields["duration"]["initial_value"] == "120ms"
    assert fields["memory"]["initial_value"] == "1.5GB"
    assert fields["kind"]["initial_option"]["value"] == "request-driven"
    assert json.loads(view["private_metadata"]) == {"channel_id": "C1", "response_url": stub.response_url}


def test_the_form_submitted_unchanged_posts_the_same_answer_again(app, stub):
    root = ask(app, stub)
    app.click("edit_inputs", root)
    view = stub.wait_for("views.open")[0].decoded("view")

    response = app.submit(form_state(view), view["private_metadata"])

    assert (response.status, response.body) == (200, "")
    first, second = stub.wait_posted(2)
    assert second["channel"] == "C1"
    assert "thread_ts" not in second
    assert second["blocks"] == first["blocks"]


def test_a_changed_form_posts_a_new_answer_that_starts_its_own_thread(app, stub):
    app.command("advise", trigger_id="1.1.t")
    view = stub.wait_for("views.open")[0].decoded("view")

    app.submit(form_state(view, requests="30M", memory="2GB"), view["private_metadata"])

    [posted] = stub.wait_posted(1)
    assert " a month · 30M requests/month · 100ms · 2GB" in posted["text"]
    app.drain()
    assert app.store.load_thread(app.thread(posted["ts"])) is not None


@pytest.mark.parametrize(
    ("typed", "block_id", "says"),
    [
        ({"memory": "lots"}, "memory", "memory: got 'lots'"),
        ({"region": "eu-wst-1"}, "region", "closest: eu-west-1"),
        ({"requests": "", "duration": ""}, "requests", "requests is missing"),
        ({"more": "make it purple"}, "more", "text: got 'make purple'"),
    ],
)
def test_a_form_with_a_bad_field_stays_open_with_the_problem_on_that_field(app, stub, typed, block_id, says):
    app.command("advise", trigger_id="1.1.t")
    view = stub.wait_for("views.open")[0].decoded("view")

    response = app.submit(form_state(view, **typed), view["private_metadata"])

    assert response.status == 200
    answer = response.json()
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == [block_id]
    assert says in answer["errors"][block_id]
    app.drain()
    assert stub.posted == []


def test_the_forms_answer_goes_to_the_asker_when_the_bot_is_not_in_the_channel(app, stub):
    app.command("advise", trigger_id="1.1.t")
    view = stub.wait_for("views.open")[0].decoded("view")
    stub.fail_next("chat.postMessage", "not_in_channel")

    app.submit(form_state(view), view["private_metadata"])

    [reply] = stub.wait_for(RESPONSE_URL_METHOD)
    assert reply.body["response_type"] == "ephemeral"
    assert "`/invite @compute`" in reply.body["blocks"][-1]["text"]["text"]


def test_the_home_tab_is_published_with_the_settings_and_no_secret(app, stub):
    from tests.bot.slack.slack_app import SIGNING_SECRET, TOKEN

    response = app.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}, "Ev1")

    assert response.status == 200
    [published] = stub.wait_for("views.publish")
    assert published.body["user_id"] == "U1"
    view = published.decoded("view")
    assert_golden("slack/home_default.json", json.dumps(view, indent=2, ensure_ascii=False) + "\n")
    shown = json.dumps(view)
    assert "Weekly digest" in shown
    assert TOKEN not in shown
    assert SIGNING_SECRET not in shown
    assert app.settings.slack_api_url not in shown
    assert app.settings.database_url not in shown


def test_the_home_tab_shows_the_last_digest_posted(stub, tmp_path):
    with served_app(stub, f"sqlite:///{tmp_path / 'app.db'}", DIGEST_CHANNEL="C0DIGEST") as app:
        assert app.store.claim_digest("C0DIGEST", 2025, 2)
        app.store.record_digest_post("C0DIGEST", 2025, 2, "1700000000.000009", "{}")

        app.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}, "Ev1")

        [published] = stub.wait_for("views.publish")
    assert "Week 2025-W02, posted in <#C0DIGEST>" in json.dumps(published.decoded("view"))


def test_the_home_tab_says_which_source_the_digest_reads_and_the_last_one_read(stub, tmp_path):
    source = "CUR 2.0 export s3://billing/cur2/cur2-export through DuckDB (2 Parquet files)"
    database = f"sqlite:///{tmp_path / 'app.db'}"
    with served_app(
        stub, database, DIGEST_CHANNEL="C0DIGEST", DIGEST_CUR="s3://billing/cur2/cur2-export"
    ) as app:
        assert app.store.claim_digest("C0DIGEST", 2025, 2)
        app.store.record_digest_post("C0DIGEST", 2025, 2, "1700000000.000009", json.dumps({"source": source}))

        app.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}, "Ev1")

        [published] = stub.wait_for("views.publish")
    shown = texts_of(published.decoded("view")["blocks"])
    assert "*Digest reads*\na CUR 2.0 export, through DuckDB on this machine (DIGEST_CUR)" in shown
    assert "*Regions read*\nevery region the CUR export holds (CloudWatch where each candidate runs)" in shown
    assert f"Source: {source}" in "\n".join(shown)


def test_opening_the_messages_tab_publishes_nothing(app, stub):
    app.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "messages"}, "Ev1")

    app.drain()
    assert stub.calls("views.publish") == []
