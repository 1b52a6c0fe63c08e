"""Posting the digest: claim the channel's ISO week, gather and compose, post with the chart, record.

The claim comes first and is an INSERT against a UNIQUE (channel, ISO year, ISO week) constraint
(`Store.claim_digest`), so however many replicas, schedulers or admins try in one week, exactly
one posts; the others read nothing from AWS and post nothing. A preview claims nothing and goes to
one user only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.digest.blocks import build_digest_blocks, summary_line
from bot.digest.compose import IsoWeek, UsageSource, aws_usage, digest_for, iso_week, previous_digest
from bot.jsonout import dumps
from bot.settings import Settings
from bot.storage import Store
from core.digest import Digest, digest_dict
from core.digest.chart import spend_chart
from core.errors import AdvisorError
from core.prices.catalog import PriceCatalog

log = logging.getLogger(__name__)


class NoDigestChannel(AdvisorError):
    """There is no channel to post the digest in."""

    def __init__(self) -> None:
        super().__init__("DIGEST_CHANNEL: not set; a channel ID such as C0123456789")


@dataclass(frozen=True, slots=True)
class PostOutcome:
    """What `post_digest` did: posted (with the message ts and the digest), or found the week taken."""

    channel_id: str
    week: IsoWeek
    posted: bool
    message_ts: str | None = None
    digest: Digest | None = None


def post_digest(
    client: WebClient,
    store: Store,
    settings: Settings,
    *,
    now: datetime,
    channel_id: str | None = None,
    usage_source: UsageSource = aws_usage,
    catalog: PriceCatalog | None = None,
) -> PostOutcome:
    """Post this ISO week's digest to `channel_id` (default DIGEST_CHANNEL), unless it is taken.

    The scheduled job, `/compute digest` and `compute-advisor digest` all come here.
    """
    channel = channel_id or settings.digest_channel
    if channel is None:
        raise NoDigestChannel
    week = iso_week(now, settings.digest_zone)
    if not store.claim_digest(channel, week.year, week.week):
        log.info("digest for %s in %s already claimed: not posting", week.label, channel)
        return PostOutcome(channel, week, posted=False)
    previous = previous_digest(store, channel, week)
    digest = digest_for(
        settings, now, week=week, previous=previous, catalog=catalog, usage_source=usage_source
    )
    message_ts = send_digest(client, channel, digest)
    store.record_digest_post(channel, week.year, week.week, message_ts, dumps(digest_dict(digest)))
    return PostOutcome(channel, week, posted=True, message_ts=message_ts, digest=digest)


def send_digest(client: WebClient, channel_id: str, digest: Digest) -> str:
    """Post the digest message, then its chart in the message's thread; the message's ts."""
    response = client.chat_postMessage(
        channel=channel_id,
        text=summary_line(digest),
        blocks=build_digest_blocks(digest),
        unfurl_links=False,
    )
    message_ts = str(response["ts"])
    upload_chart(client, channel_id, message_ts, digest)
    return message_ts


def upload_chart(client: WebClient, channel_id: str, thread_ts: str, digest: Digest) -> bool:
    """The spend chart as a PNG in the digest's thread; False (logged) if there is none or it fails.

    The digest is already posted by then, so a missing files:write scope costs only the chart.
    """
    chart = spend_chart(digest)
    if chart is None:
        return False
    from bot.digest.chart import render_spend_png  # noqa: PLC0415 (matplotlib only when drawing)

    try:
        client.files_upload_v2(
            channel=channel_id,
            thread_ts=thread_ts,
            file=render_spend_png(chart),
            filename=f"compute-digest-{digest.week}.png",
            title=chart.title,
        )
    except SlackApiError as error:
        log.warning("digest chart not uploaded: %s", error.response.get("error"))
        return False
    return True


def preview_digest(
    client: WebClient,
    store: Store,
    settings: Settings,
    *,
    channel_id: str,
    user_id: str,
    now: datetime,
    usage_source: UsageSource = aws_usage,
    catalog: PriceCatalog | None = None,
) -> Digest:
    """Show this week's digest to one user only (ephemeral); claims nothing, records nothing."""
    week = iso_week(now, settings.digest_zone)
    previous = previous_digest(store, settings.digest_channel or channel_id, week)
    digest = digest_for(
        settings, now, week=week, previous=previous, catalog=catalog, usage_source=usage_source
    )
    client.chat_postEphemeral(
        channel=channel_id,
        user=user_id,
        text=summary_line(digest),
        blocks=build_digest_blocks(digest, preview=True),
    )
    return digest
