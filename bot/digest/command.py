"""`/compute digest [preview]`: post this week's digest now (admins only), or preview it alone.

The Slack app's listener acks, then calls `digest_command` and replies ephemerally with the text it
returns, if any.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient

from bot.digest.compose import UsageSource, aws_usage
from bot.digest.post import post_digest, preview_digest
from bot.settings import Settings
from bot.storage import Store


def is_digest_admin(settings: Settings, user_id: str) -> bool:
    """Whether `user_id` is one of DIGEST_ADMINS, who may post the digest from Slack."""
    return user_id in settings.digest_admins


def refusal_text(settings: Settings) -> str:
    """What a user who is not a digest admin is told."""
    if settings.digest_admins:
        admins = ", ".join(f"<@{user}>" for user in settings.digest_admins)
        who = f"Only the digest admins can post the digest now: {admins}."
    else:
        who = "No one can post the digest from Slack: DIGEST_ADMINS lists no one."
    return f"{who} `/compute digest preview` shows this week's digest to you alone."


def digest_command(
    client: WebClient,
    store: Store,
    settings: Settings,
    *,
    channel_id: str,
    user_id: str,
    preview: bool,
    now: datetime,
    usage_source: UsageSource = aws_usage,
) -> str | None:
    """Run `/compute digest [preview]`; the ephemeral text to answer with, or None when the
    digest itself (or the preview) is the answer.

    The digest goes to DIGEST_CHANNEL, or to the command's channel when that is not set.
    """
    if preview:
        preview_digest(
            client,
            store,
            settings,
            channel_id=channel_id,
            user_id=user_id,
            now=now,
            usage_source=usage_source,
        )
        return None
    if not is_digest_admin(settings, user_id):
        return refusal_text(settings)
    target = settings.digest_channel or channel_id
    outcome = post_digest(client, store, settings, now=now, channel_id=target, usage_source=usage_source)
    if not outcome.posted:
        return (
            f"This week's digest ({outcome.week.label}) is already posted in <#{target}>: "
            "one a week per channel. `/compute digest preview` shows the latest figures to you alone."
        )
    return (
        None if target == channel_id else f"Posted this week's digest ({outcome.week.label}) in <#{target}>."
    )
