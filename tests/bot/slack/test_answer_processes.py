"""Answers worked out in answer processes (ANSWER_PROCESSES, the default in `compute-advisor run`):
the same answers, posted and remembered, over HTTP as Slack sends the requests."""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.digest.compose import aws_usage
from bot.slack.answer_processes import ANSWER_NICENESS, _wait_until_ready, answer_processes
from tests.bot.slack.slack_app import ADVISE, RecordingStub, ServedApp, app_settings, served_app
from tests.slack_stub import app_mention_event, message_event


@pytest.fixture
def app_in_processes(stub: RecordingStub, tmp_path: Path) -> Iterator[ServedApp]:
    database_url = f"sqlite:///{tmp_path / 'app.db'}"
    pool = answer_processes(app_settings(stub, database_url), aws_usage, 1)
    try:
        with served_app(stub, database_url, processes=pool) as served:
            yield served
    finally:
        pool.shutdown()


def test_an_answer_from_an_answer_process_is_posted_and_remembered(app_in_processes, stub):
    response = app_in_processes.command(ADVISE)

    assert (response.status, response.body) == (200, "")
    [posted] = stub.wait_posted(1)
    assert posted["channel"] == "C1" and "Lambda" in posted["text"]
    record = app_in_processes.wait_stored(posted["ts"])
    assert json.loads(record.workload_json)["monthly_requests"] == "3000000"


def test_a_follow_up_in_the_thread_is_answered_from_the_stored_workload(app_in_processes, stub):
    app_in_processes.command(ADVISE)
    [root] = stub.wait_posted(1)
    app_in_processes.wait_stored(root["ts"])

    app_in_processes.event(message_event("what if traffic triples?", ts="2.000001", thread_ts=root["ts"]))

    posted = stub.wait_posted(2)
    reply = posted[1]
    assert reply["thread_ts"] == root["ts"]
    assert "requests: 3M → 9M" in json.dumps(reply["blocks"], ensure_ascii=False)


def test_answer_processes_run_below_the_serving_process_priority(stub, tmp_path):
    pool = answer_processes(app_settings(stub, f"sqlite:///{tmp_path / 'p.db'}"), aws_usage, 2)
    try:
        started = pool.started
    finally:
        pool.shutdown()
    assert len({pid for pid, _ in started}) == 2 and os.getpid() not in {pid for pid, _ in started}
    assert all(niceness == os.nice(0) + ANSWER_NICENESS for _, niceness in started)
    assert not any(process.is_alive() for process in pool._processes)


def test_a_mention_answered_in_a_process_is_answered_once_though_slack_sends_it_twice(app_in_processes, stub):
    app_in_processes.command(ADVISE)
    [root] = stub.wait_posted(1)
    app_in_processes.wait_stored(root["ts"])
    text = "<@UBOT> arm64?"
    app_in_processes.event(app_mention_event(text, ts="3.000001", thread_ts=root["ts"]), event_id="EvA")
    app_in_processes.event(message_event(text, ts="3.000001", thread_ts=root["ts"]), event_id="EvB")

    stub.wait_posted(2)
    app_in_processes.event(message_event("x10", ts="4.000001", thread_ts=root["ts"]), event_id="EvC")
    # one answer process takes its work in order: a second arm64 answer would come before this one
    posted = stub.wait_posted(3)
    assert [p.get("thread_ts") for p in posted] == [None, root["ts"], root["ts"]]
    assert "arch: x86_64 → arm64" in json.dumps(posted[1]["blocks"], ensure_ascii=False)
    assert "requests: 3M → 30M" in json.dumps(posted[2]["blocks"], ensure_ascii=False)


def _ends_at_once() -> None:
    sys.exit(3)


def test_a_start_reports_an_answer_process_that_ended_instead_of_waiting_for_it():
    context = multiprocessing.get_context("spawn")
    ready = context.Queue()
    ending = context.Process(target=_ends_at_once, name="compute-answers-0")
    ending.start()

    with pytest.raises(RuntimeError, match=r"compute-answers-0 ended while starting \(exit code 3\)"):
        _wait_until_ready(ready, [ending])
