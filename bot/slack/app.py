"""The composition of the Slack app: build the Bolt App, register its listeners, return it.

Every listener acks at once and leaves the answer to a lazy listener, Bolt's own ack-then-work
pattern: with `process_before_response=True` the ack function runs on the request's thread and
Bolt returns its response (to the HTTP server, or down the Socket Mode WebSocket) as soon as it
returns; Bolt then runs the lazy listeners on the app's listener executor, a pool of
POOL_THREADS threads. An answer mostly waits on Slack's Web API and the database, so one slow
call (a rate limit's Retry-After, a hung connection until its timeout) holds one thread while the
other channels' answers go on.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.digest.compose import UsageSource, aws_usage
from bot.settings import Settings
from bot.slack.listeners import Services, register_listeners
from bot.storage import Store
from core.prices.catalog import PriceCatalog

APP_NAME = "compute-advisor"
SLACK_TIMEOUT_S = 10  # per Web API call: a hung connection holds one answer for this long, no more
RETRIES = 1  # per kind of failure (a dropped connection, a 429, a 5xx), after slack_sdk's own waits
POOL_THREADS = 16  # answers in flight per process; each mostly waits on Slack or the database
BOLT_LOGGER = "compute_advisor.slack.bolt"


def _not_the_token_warning(record: logging.LogRecord) -> bool:
    # Bolt reads SLACK_BOT_TOKEN itself and warns that the client given wins over it: the same token.
    return "`token` will be unused" not in record.getMessage()


def build_web_client(settings: Settings, logger: logging.Logger | None = None) -> WebClient:
    """slack_sdk's WebClient on `SLACK_API_URL`, with its retry handlers for dropped connections,
    rate limits (waiting out Retry-After) and Slack's server errors."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        timeout=SLACK_TIMEOUT_S,
        logger=logger,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=RETRIES),
            RateLimitErrorRetryHandler(max_retry_count=RETRIES),
            ServerErrorRetryHandler(max_retry_count=RETRIES),
        ],
    )


def listener_pool(threads: int = POOL_THREADS) -> ThreadPoolExecutor:
    """The bounded pool Bolt runs lazy listeners on."""
    return ThreadPoolExecutor(threads, thread_name_prefix="compute-listener")


def build_app(
    settings: Settings,
    store: Store,
    catalog: PriceCatalog | Callable[[], PriceCatalog],
    *,
    client: WebClient | None = None,
    usage_source: UsageSource = aws_usage,
    services: Services | None = None,
    pool: ThreadPoolExecutor | None = None,
) -> App:
    """The Slack app, with every listener registered. Bolt calls auth.test here, once.

    `pool` runs the lazy listeners (a new one by default); whoever passes it can shut it down,
    waiting for the answers in flight.
    """
    logger = logging.getLogger(BOLT_LOGGER)
    logger.addFilter(_not_the_token_warning)  # added once, however many apps are built
    app = App(
        name=APP_NAME,
        logger=logger,
        client=client or build_web_client(settings),
        signing_secret=signing_secret(settings),
        process_before_response=True,
        listener_executor=pool or listener_pool(),
    )
    register_listeners(app, services or Services(settings, store, catalog, usage_source=usage_source))
    return app


def signing_secret(settings: Settings) -> str:
    """The signing secret requests are checked with."""
    if settings.slack_signing_secret is not None:
        return settings.slack_signing_secret.get_secret_value()
    # Socket Mode needs no secret, but Bolt would otherwise read one from the environment, and an
    # empty one would let anyone sign an HTTP request: use one nobody knows.
    return secrets.token_urlsafe(32)
