"""`compute-advisor run` with Slack tokens: the Slack app in Socket Mode or HTTP mode.

SLACK_APP_TOKEN set: Socket Mode. Else SLACK_BOT_TOKEN set: HTTP mode on PORT. (With neither,
`compute-advisor run` starts the terminal chat instead: see bot.cli.main.) This is the composition
root: the settings, logging, the database and the one scheduler are set up here, once; HTTP mode's
workers build their own app (bot.slack.server).
"""

from __future__ import annotations

import logging
import signal
import threading

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.logs import configure_logging
from bot.prices import StoredPrices
from bot.settings import Settings, SettingsError
from bot.slack.app import build_app, build_web_client, listener_pool
from bot.slack.housekeeping import start_scheduler
from bot.slack.migrating import open_migrated_store
from bot.slack.server import serve
from bot.storage import Store

log = logging.getLogger("compute_advisor.run")


def run(settings: Settings) -> int:
    """Serve until stopped; SettingsError when Slack refuses a token or can't be reached, and
    DatabaseUnavailable when the database can't be opened (both exit 2)."""
    configure_logging(settings)
    check_bot_token(settings)
    store = open_migrated_store(settings)
    scheduler = start_scheduler(settings, build_web_client(settings), store)
    try:
        if settings.mode == "socket":
            serve_socket_mode(settings, store)
        else:
            serve(settings)
    finally:
        scheduler.shutdown(wait=False)
    return 0


def check_bot_token(settings: Settings) -> None:
    """Ask Slack whether the bot token is good, so a bad one stops start-up with one clear line."""
    quiet = logging.getLogger("compute_advisor.run.token_check")
    quiet.disabled = True  # the SettingsError says it all; slack_sdk would log the failure too
    try:
        build_web_client(settings, quiet).auth_test()
    except SlackApiError as error:
        raise refused("SLACK_BOT_TOKEN", error, "a bot token (xoxb-...)") from None
    except (SlackClientError, OSError) as error:
        reason = type(error).__name__
        url = settings.slack_api_url
        raise SettingsError(f"SLACK_API_URL: couldn't reach Slack at {url} ({reason})") from None


def refused(setting: str, error: SlackApiError, accepted: str) -> SettingsError:
    """The start-up error for a token Slack refused: the setting, Slack's reason, never the token."""
    reason = error.response.get("error", "refused")
    return SettingsError(f"{setting}: Slack refused it ({reason}); accepted: {accepted}")


def serve_socket_mode(settings: Settings, store: Store) -> None:
    """A WebSocket to Slack (slack_sdk's built-in client), until SIGTERM or SIGINT; answers already
    acked are given before it returns."""
    assert settings.slack_app_token is not None  # Socket Mode is chosen by this token
    pool = listener_pool()
    app = build_app(settings, store, StoredPrices(store.engine), pool=pool)
    handler = SocketModeHandler(app, app_token=settings.slack_app_token.get_secret_value())
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    try:
        handler.connect()  # type: ignore[no-untyped-call]
    except SlackApiError as error:
        raise refused("SLACK_APP_TOKEN", error, "an app-level token (xapp-...)") from None
    log.info("connected to Slack in Socket Mode")
    stopping.wait()
    handler.close()  # type: ignore[no-untyped-call]
    pool.shutdown(wait=True)
