"""The App Home tab: what the bot does, how it is set up (never a secret), and the last digest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.slack.blocks.kit import Block, bullets, escape, fields, header, section
from core.digest.model import CLOUDWATCH_SOURCE

MODE_NAMES = {"socket": "Socket Mode", "http": "HTTP (Events API)", "terminal": "terminal"}
EXAMPLES = (
    "`/compute advise 3M requests/month, 120ms, 1.5GB`: Lambda, Fargate and EC2, costed",
    "`/compute advise` with nothing after it opens a form",
    "in an answer's thread: `what if traffic triples?`, `arm64?`, `in eu-west-1`",
    "`/compute prices eu-west-1`: the unit prices behind every answer",
    "`/compute digest preview`: this week's digest of the account, shown to you alone",
    "`/compute help`: everything else",
)


@dataclass(frozen=True, slots=True)
class DigestFacts:
    """The last digest the bot posted."""

    iso_year: int
    iso_week: int
    posted_at: datetime
    source: str | None = None  # what it was read from, as the digest said (None: not recorded)


@dataclass(frozen=True, slots=True)
class HomeFacts:
    """What the Home tab shows: settings that are safe to show, and the last digest."""

    mode: str
    digest_channel: str | None
    digest_cron: str
    digest_timezone: str
    regions: tuple[str, ...] | None  # None: a CUR digest, which reads every region the export holds
    last_digest: DigestFacts | None
    digest_source: str = CLOUDWATCH_SOURCE  # what the next digest reads, never a path or bucket


def build_home(facts: HomeFacts) -> Block:
    """The view for views.publish."""
    blocks = [
        header("compute-advisor"),
        section(
            "Should this run on *EC2, Fargate or Lambda*, and what would it cost? "
            "I answer with exact monthly costs on AWS list prices, and say why."
        ),
        section(bullets("Ask me", EXAMPLES)),
        {"type": "divider"},
        header("Settings"),
        fields(_settings_cells(facts), "home_settings"),
        header("Last digest"),
        section(_last_digest_text(facts)),
    ]
    return {"type": "home", "blocks": blocks}


def _settings_cells(facts: HomeFacts) -> list[str]:
    channel = f"<#{facts.digest_channel}>" if facts.digest_channel else "off: DIGEST_CHANNEL is not set"
    schedule = f"`{escape(facts.digest_cron)}` ({escape(facts.digest_timezone)})"
    return [
        f"*Weekly digest*\n{channel}",
        f"*Schedule*\n{schedule}",
        f"*Digest reads*\n{escape(facts.digest_source)}",
        f"*Regions read*\n{_regions_text(facts.regions)}",
        f"*Connected by*\n{MODE_NAMES.get(facts.mode, facts.mode)}",
    ]


def _regions_text(regions: tuple[str, ...] | None) -> str:
    if regions is None:
        return "every region the CUR export holds (CloudWatch where each candidate runs)"
    return escape(", ".join(regions))


def _last_digest_text(facts: HomeFacts) -> str:
    digest = facts.last_digest
    if facts.digest_channel is None:
        return "No digest: set DIGEST_CHANNEL to a channel ID to get one each week."
    if digest is None:
        return f"None posted in <#{facts.digest_channel}> yet."
    posted = digest.posted_at.strftime("%Y-%m-%d %H:%M %Z")
    text = f"Week {digest.iso_year}-W{digest.iso_week:02d}, posted in <#{facts.digest_channel}> on {posted}."
    return text + (f"\nSource: {escape(digest.source)}" if digest.source else "")
