"""`compute-advisor run` with Slack tokens: the Slack app in Socket Mode or HTTP mode.

SLACK_APP_TOKEN set: Socket Mode. Else SLACK_BOT_TOKEN set: HTTP mode on PORT. (With neither,
`compute-advisor run` starts the terminal chat instead: see bot.cli.main.)
This is the composition root: settings, logging, the database and the prices are set up here, once,
and handed to `build_app`.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from wsgiref.types import WSGIApplication

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.digest.compose import aws_usage
from bot.logs import configure_logging
from bot.prices import bundled_catalog
from bot.settings import Settings, SettingsError, forget_secret_variables
from bot.slack.answer_processes import AnswerProcesses, answer_processes
from bot.slack.app import build_app, build_web_client
from bot.slack.heap import settle_heap
from bot.slack.housekeeping import start_housekeeping
from bot.slack.server import at_worker_exit, serve, slack_wsgi
from bot.storage import Store, make_engine
from core.prices.catalog import PriceCatalog

log = logging.getLogger("compute_advisor.run")
WARM_REGION = "us-east-1"  # the default region's prices are read before the first question


def run(settings: Settings) -> int:
    """Serve until stopped; SettingsError when Slack refuses a token or can't be reached."""
    configure_logging(settings)
    forget_secret_variables(os.environ)
    catalog = bundled_catalog()
    catalog.ec2_types(WARM_REGION)
    check_bot_token(settings)
    open_store(settings).migrate()
    if settings.mode == "socket":
        return serve_socket_mode(settings, catalog)
    return serve_http(settings, catalog)


def start_answer_processes(settings: Settings) -> AnswerProcesses | None:
    """ANSWER_PROCESSES answer processes for one serving process; None (answer on threads) for 0."""
    if not settings.answer_processes:
        return None
    return answer_processes(settings, aws_usage, settings.answer_processes)


def open_store(settings: Settings) -> Store:
    """The database, as DATABASE_URL says."""
    return Store(make_engine(settings.database_url))


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


def serve_http(settings: Settings, catalog: PriceCatalog) -> int:
    """granian on PORT; each worker builds its own app, database connections and answer processes."""

    def build() -> WSGIApplication:
        processes = start_answer_processes(settings)
        if processes is not None:
            at_worker_exit(processes.shutdown)  # answers already queued are given
        app = slack_wsgi(build_app(settings, open_store(settings), catalog, answer_processes=processes))
        settle_heap()
        return app

    log.info("serving Slack's requests on port %d at /slack/events", settings.port)
    # the schedulers live in this process, which outlives its workers
    housekeeping = start_housekeeping(settings, build_web_client(settings), open_store(settings))
    settle_heap()  # before the fork, too: the workers share these pages instead of copying them
    try:
        serve(build, settings.port, settings.log_level)
    finally:
        housekeeping.stop()
    return 0


def serve_socket_mode(settings: Settings, catalog: PriceCatalog) -> int:
    """A WebSocket to Slack, until SIGTERM or SIGINT."""
    assert settings.slack_app_token is not None  # Socket Mode is chosen by this token
    processes = start_answer_processes(settings)
    app = build_app(settings, open_store(settings), catalog, answer_processes=processes)
    app_token = settings.slack_app_token.get_secret_value()
    settle_heap()
    handler = SocketModeHandler(app, app_token=app_token, web_client=app.client)
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    try:
        handler.client.connect()
    except SlackApiError as error:
        raise refused("SLACK_APP_TOKEN", error, "an app-level token (xapp-...)") from None
    log.info("connected to Slack in Socket Mode")
    housekeeping = start_housekeeping(settings, app.client, open_store(settings))
    stopping.wait()
    housekeeping.stop()
    handler.client.close()
    if processes is not None:
        processes.shutdown()  # answers already queued are given
    return 0
