"""The one place a listener catches everything: log it in full, tell the person briefly."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from slack_bolt.context.respond import Respond

from bot.slack.blocks import Message

log = logging.getLogger("compute_advisor.slack")


@contextmanager
def listener_boundary(what: str, apologise: Callable[[], object]) -> Iterator[None]:
    """Run a listener's body; on any error, log the traceback and call `apologise`.

    Slack shows nothing of the error: no traceback, no exception text, which may hold data.
    """
    try:
        yield
    except Exception:
        log.exception("%s failed", what)
        try:
            apologise()
        except Exception:
            log.exception("could not apologise after %s failed", what)


def tell_privately(respond: Respond, said: Message) -> None:
    """Answer only the person who asked (ephemeral), leaving what they see in place."""
    respond(response_type="ephemeral", replace_original=False, **said)
