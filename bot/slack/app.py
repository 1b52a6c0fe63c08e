"""The composition of the Slack app: build the Bolt App, register its listeners, return it.

Every listener acks at once, on the thread the request came in on, and hands the answer to the
answer processes (`bot.slack.answer_processes`), or with ANSWER_PROCESSES=0 to the answer threads
(`bot.slack.answer_pool`). That is why `process_before_response` is True in both modes: the
listener (an ack, or the form's check) is done in well under a millisecond, and Bolt sends its
response straight back, to the HTTP server or over the Socket Mode WebSocket, without polling for the ack
as it does when listeners run on its own pool. Bolt's lazy listeners would do the same, but copy
the whole request for each one; the answer needs only the payload.
"""

from __future__ import annotations

import logging
import secrets

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from bot.digest.compose import UsageSource, aws_usage
from bot.settings import Settings
from bot.slack.answer_pool import answer_pool
from bot.slack.answer_processes import AnswerProcesses
from bot.slack.listeners import Services, register_listeners
from bot.slack.slack_http import KeepAliveWebClient
from bot.storage import Store
from core.prices.catalog import PriceCatalog

APP_NAME = "compute-advisor"
SLACK_TIMEOUT_S = 10
RATE_LIMIT_RETRIES = 2
BOLT_LOGGER = "compute_advisor.slack.bolt"


def _not_the_token_warning(record: logging.LogRecord) -> bool:
    # Bolt reads SLACK_BOT_TOKEN itself and warns that the client given wins over it: the same token.
    return "`token` will be unused" not in record.getMessage()


def build_web_client(settings: Settings, logger: logging.Logger | None = None) -> WebClient:
    """The Web API client, on `SLACK_API_URL`, retrying dropped connections and rate limits."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return KeepAliveWebClient(
        token=token,
        base_url=settings.slack_api_url,
        timeout=SLACK_TIMEOUT_S,
        logger=logger,
        retry_handlers=[
            ConnectionErrorRetryHandler(),
            RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        ],
    )


def build_app(
    settings: Settings,
    store: Store,
    catalog: PriceCatalog,
    *,
    client: WebClient | None = None,
    usage_source: UsageSource = aws_usage,
    answer_processes: AnswerProcesses | None = None,
) -> App:
    """The Slack app, with every listener registered. Bolt calls auth.test here, once."""
    answers = answer_pool()
    logger = logging.getLogger(BOLT_LOGGER)
    logger.addFilter(_not_the_token_warning)  # added once, however many apps are built
    app = App(
        name=APP_NAME,
        logger=logger,
        client=client or build_web_client(settings),
        signing_secret=_signing_secret(settings),
        process_before_response=True,
        listener_executor=answers,  # Bolt's own use of it (none here) and ours share one pool
    )
    services = Services(
        settings, store, catalog, answers, usage_source=usage_source, processes=answer_processes
    )
    register_listeners(app, services)
    return app


def _signing_secret(settings: Settings) -> str:
    if settings.slack_signing_secret is not None:
        return settings.slack_signing_secret.get_secret_value()
    # Socket Mode needs no secret, but Bolt would otherwise read one from the environment, and an
    # empty one would let anyone sign an HTTP request: use one nobody knows.
    return secrets.token_urlsafe(32)
