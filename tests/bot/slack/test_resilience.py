"""A slow Slack or a locked database in one place holds up nothing else, and never costs a posted
answer its thread or brings an apology for it."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.bot.slack.slack_app import ADVISE, RecordingStub, ServedApp, ask, served_app
from tests.slack_stub import DEFAULT_TIMEOUT_S, message_event

OTHERS = ("C2", "C3", "C4", "C5")
# The slow channel's call is held until the others are answered (then released), so "the others
# went on meanwhile" is what the tests see, however loaded the machine; this bounds a failure.
HELD_S = DEFAULT_TIMEOUT_S
# slack_sdk waits out a 429's Retry-After for real: long enough for four answers on a busy machine.
RETRY_AFTER_S = 12


def channels_posted(stub: RecordingStub) -> list[str]:
    return [message["channel"] for message in stub.posted]


def wait_posted_in(stub: RecordingStub, channels: tuple[str, ...]) -> None:
    """Until every one of `channels` has its answer (bounded)."""
    started = time.monotonic()
    while not set(channels) <= set(channels_posted(stub)):
        assert time.monotonic() - started < DEFAULT_TIMEOUT_S, f"only {channels_posted(stub)} answered"
        time.sleep(0.01)


def apologies(stub: RecordingStub) -> list[str]:
    said = [str(call.body.get("text", "")) for call in stub.calls()]
    return [text for text in said if "something went wrong" in text]


def test_a_hung_web_api_call_in_one_channel_holds_up_no_other_channel(app, stub):
    stub.hang_in("CSLOW", HELD_S)

    app.command(ADVISE, channel_id="CSLOW")
    stub.wait_for("chat.postMessage")  # it hangs now
    for channel in OTHERS:
        app.command(ADVISE, channel_id=channel)

    wait_posted_in(stub, OTHERS)
    assert "CSLOW" not in channels_posted(stub)  # still waiting on Slack
    stub.release("CSLOW")
    wait_posted_in(stub, ("CSLOW",))  # and then it is answered too


def test_a_rate_limited_channel_waits_out_retry_after_alone(app, stub):
    stub.rate_limit_next("chat.postMessage", retry_after=RETRY_AFTER_S)

    app.command(ADVISE, channel_id="CLIMITED")
    stub.wait_for("chat.postMessage")  # answered 429: slack_sdk waits, then sends it again
    for channel in OTHERS:
        app.command(ADVISE, channel_id=channel)

    wait_posted_in(stub, OTHERS)
    assert "CLIMITED" not in channels_posted(stub)
    wait_posted_in(stub, ("CLIMITED",))
    assert channels_posted(stub).count("CLIMITED") == 1


@contextmanager
def locked(database: Path, hold_s: float) -> Iterator[threading.Thread]:
    """A thread holding SQLite's write lock on `database` for `hold_s`, as a long write would."""
    taken = threading.Event()

    def hold() -> None:
        connection = sqlite3.connect(database, isolation_level=None)
        connection.execute("BEGIN EXCLUSIVE")
        taken.set()
        time.sleep(hold_s)
        connection.execute("COMMIT")
        connection.close()

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    assert taken.wait(5)
    yield holder


def lock_at_the_first_post(stub: RecordingStub, database: Path, hold_s: float) -> list[threading.Thread]:
    """Lock `database` for `hold_s` as the first answer is posted, before Slack's reply reaches the
    app: its save meets the lock. The holder thread, once started, is in the list returned."""
    holders: list[threading.Thread] = []

    def lock_once(_message: dict[str, object]) -> None:
        if not holders:
            with locked(database, hold_s) as holder:
                holders.append(holder)

    stub.on_posted = lock_once
    return holders


def test_a_database_locked_after_posting_delays_the_save_but_loses_nothing(stub, tmp_path):
    database = tmp_path / "app.db"
    with served_app(stub, f"sqlite:///{database}") as app:
        lock_at_the_first_post(stub, database, 2.0)
        app.command(ADVISE)
        [posted] = stub.wait_posted(1)
        record = app.wait_stored(posted["ts"], posted["ts"])
        app.event(message_event("what if traffic triples?", ts="1800000000.000100", thread_ts=posted["ts"]))
        follow_up = stub.wait_posted(2)[1]

    assert record.answer_ts == posted["ts"]
    assert "• requests: 3M → 9M" in follow_up["blocks"][2]["text"]["text"]
    assert apologies(stub) == []


def test_a_database_locked_through_every_retry_is_logged_and_never_apologised_for(stub, tmp_path, caplog):
    database = tmp_path / "app.db"
    caplog.set_level(logging.WARNING)
    with served_app(stub, f"sqlite:///{database}", busy_timeout_ms=50, save_retry_delays_s=(0.1, 0.2)) as app:
        holders = lock_at_the_first_post(stub, database, 3.0)
        app.command(ADVISE)
        [posted] = stub.wait_posted(1)
        app.drain()
        holders[0].join()
        stored = app.store.load_thread(app.thread(posted["ts"]))

    assert stored is None  # the database refused every try
    failures = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert any(
        f"answer {posted['ts']} in C1 was posted but its workload could not be stored" in m for m in failures
    )
    assert apologies(stub) == []
    assert len(stub.calls("chat.postMessage")) == 1


def test_follow_ups_in_four_threads_go_on_while_one_thread_waits_on_slack(app: ServedApp, stub):
    roots = {}
    for channel in ("CSLOW", *OTHERS):
        app.command(ADVISE, channel_id=channel)
    for message in stub.wait_posted(5):
        roots[message["channel"]] = message["ts"]
    for channel, root in roots.items():
        app.wait_stored(root, channel=channel)
    stub.hang_in("CSLOW", HELD_S)

    for number, (channel, root) in enumerate(roots.items()):
        event = message_event("arm64?", channel=channel, ts=f"1800000000.00010{number}", thread_ts=root)
        app.event(event, f"Ev{number}")

    started = time.monotonic()
    while sum(1 for m in stub.posted if m.get("thread_ts") and m["channel"] in OTHERS) < len(OTHERS):
        assert time.monotonic() - started < DEFAULT_TIMEOUT_S
        time.sleep(0.01)
    assert not [m for m in stub.posted if m.get("thread_ts") and m["channel"] == "CSLOW"]  # still held
    stub.release("CSLOW")
    stub.wait_posted(len(roots) * 2)  # and then the slow thread is answered too


def test_a_follow_up_is_answered_while_another_connection_holds_the_write_lock(stub, tmp_path):
    database = tmp_path / "app.db"
    with served_app(stub, f"sqlite:///{database}") as app:
        root = ask(app, stub)
        with locked(database, 1.0) as holder:  # well within the 15 s busy timeout
            app.event(message_event("what if traffic triples?", ts="1800000000.000100", thread_ts=root))
            follow_up = stub.wait_posted(2)[1]
        holder.join()
        app.drain()
        stored = app.store.load_thread(app.thread(root))

    assert "• requests: 3M → 9M" in follow_up["blocks"][2]["text"]["text"]
    assert stored is not None and '"monthly_requests": "9000000"' in stored.workload_json
    assert apologies(stub) == []


def test_a_reply_outside_an_answers_thread_is_left_alone_while_the_database_is_written(stub, tmp_path):
    # Deciding that a reply isn't in an answer's thread only reads; a read that waited for the
    # write lock would fail after this short busy timeout and apologise in a stranger's thread.
    database = tmp_path / "app.db"
    with served_app(stub, f"sqlite:///{database}", busy_timeout_ms=50) as app:
        with locked(database, 2.0) as holder:
            app.event(message_event("lunch?", ts="1800000000.000200", thread_ts="1800000000.000100"))
            app.drain()
        holder.join()

    assert stub.calls("chat.postMessage") == []
