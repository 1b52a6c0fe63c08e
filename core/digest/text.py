"""The digest's sentences, shared by every surface (Slack, terminal): said once, said the same."""

from __future__ import annotations

from decimal import Decimal

from core.digest.model import Digest, WeekOverWeek
from core.money import usd_text


def headline(digest: Digest) -> str:
    """`6 workloads could run for less on another service: $1,062.55 a month in all`."""
    count = len(digest.notes)
    if not count and not digest.checked and digest.errors:
        return "Nothing could be costed: the account could not be read (see the errors)"
    if not count and not digest.checked and not digest.insufficient:
        return "No Lambda functions, Fargate services or running EC2 instances were found to check"
    if not count:
        return "No workload would cost much less on another service"
    noun = "workload" if count == 1 else "workloads"
    return (
        f"{count} {noun} could run for less on another service: "
        f"{usd_text(digest.monthly_savings_usd)} a month in all"
    )


def change_text(change: WeekOverWeek) -> str:
    """`Since 2025-W44: savings found +$20.00, ...; new: a, b; gone: c`."""
    text = (
        f"Since {change.previous_week}: savings found {signed_usd(change.savings_change_usd)}, "
        f"list price of what was checked {signed_usd(change.current_monthly_change_usd)}"
    )
    if change.new_notes:
        text += f"; new: {', '.join(_short(r) for r in change.new_notes)}"
    if change.gone_notes:
        text += f"; gone: {', '.join(_short(r) for r in change.gone_notes)}"
    return text


def signed_usd(usd: Decimal) -> str:
    """`+$1.00` or `-$1.00`."""
    return ("+" if usd >= 0 else "") + usd_text(usd)


def _short(resource: str) -> str:
    return resource.rsplit(":", 1)[-1].rsplit("/", 1)[-1]
