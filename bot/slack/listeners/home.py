"""The App Home tab, published each time someone opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.digest.compose import digest_source, posted_source
from bot.slack.blocks import DigestFacts, HomeFacts, build_home
from bot.slack.listeners.boundary import listener_boundary
from bot.slack.listeners.payloads import HomeOpened
from bot.slack.listeners.services import Services

HOME_TAB = "home"


def home_facts(services: Services) -> HomeFacts:
    """The settings safe to show (never a token or a URL), and the last digest posted."""
    settings = services.settings
    channel = settings.digest_channel
    record = services.store.last_digest(channel) if channel else None
    last = None
    if record is not None and record.posted_at is not None:
        last = DigestFacts(record.iso_year, record.iso_week, record.posted_at, posted_source(record))
    return HomeFacts(
        mode=settings.mode,
        digest_channel=channel,
        digest_cron=settings.digest_cron,
        digest_timezone=settings.digest_timezone,
        regions=None if settings.digest_cur else settings.aws_regions,
        last_digest=last,
        digest_source=digest_source(settings),
    )


def publish_home(services: Services, event: dict[str, Any], client: WebClient) -> None:
    """Publish the Home tab for whoever opened it (the Messages tab needs nothing)."""
    with listener_boundary("App Home", lambda: None):
        opened = HomeOpened.model_validate(event)
        if opened.tab == HOME_TAB:
            client.views_publish(user_id=opened.user, view=build_home(home_facts(services)))


def register(app: App, services: Services) -> None:
    """`app_home_opened`: acked at once; the view is published by a lazy listener."""

    def ack_now(ack: Ack) -> None:
        ack()

    def publish(event: dict[str, Any], client: WebClient) -> None:
        publish_home(services, event, client)

    app.event("app_home_opened")(ack=ack_now, lazy=[publish])
