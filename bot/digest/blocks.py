"""The digest as Block Kit: pure functions from a `Digest` to the dicts Slack takes.

Slack's limits shape it: 50 blocks a message, 3,000 characters a section, 2,000 a button value.
Each note's button (`digest_open_note`) carries the note's workload as compact JSON
(`Workload.to_dict`), so the Slack app can open it as an advice thread without a lookup.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from core.digest import Digest, Note
from core.digest.text import change_text, headline, signed_usd
from core.money import usd_text
from core.observed import InsufficientData
from core.services import display_name
from core.units import plain
from core.usage import ReadError

Block = dict[str, Any]
OPEN_NOTE_ACTION = "digest_open_note"
TOP_NOTES = 5
LISTED_ITEMS = 6
SECTION_CHARS = 3000
BUTTON_VALUE_CHARS = 2000
HEADER_CHARS = 150


def build_digest_blocks(digest: Digest, *, preview: bool = False) -> list[Block]:
    """The whole digest message: summary, top notes with buttons, coverage, errors, spend."""
    blocks: list[Block] = [_header(f"Compute digest · {digest.week}"), _section(summary_text(digest))]
    if preview:
        blocks.append(_context("Preview: only you can see this. The weekly post also has a spend chart."))
    blocks.append({"type": "divider"})
    blocks += notes_blocks(digest)
    blocks += [{"type": "divider"}, _section(coverage_text(digest))]
    if digest.errors:
        blocks.append(_section(errors_text(digest)))
    if digest.spend:
        blocks.append(_section(spend_text(digest)))
    blocks.append(_context(footer_text(digest)))
    return blocks


def summary_line(digest: Digest) -> str:
    """One line, also the message's notification text."""
    return f"Compute digest {digest.week}: {headline(digest)}"


def summary_text(digest: Digest) -> str:
    """The summary section: the headline, what was read, and the change since last week."""
    accounts = ", ".join(digest.account_labels)
    lines = [
        f"*{headline(digest)}.*",
        f"{digest.checked} workloads checked, {len(digest.insufficient)} without enough data · "
        f"{digest.lookback_days} days to {digest.window_end:%d %b %Y} · "
        f"{escape(accounts)} ({', '.join(digest.regions)})",
        f"Source: {escape(digest.source)}",
        *(escape(note) for note in digest.source_notes),
    ]
    if digest.week_over_week is not None:
        lines.append(change_text(digest.week_over_week))
    return "\n".join(lines)


def notes_blocks(digest: Digest) -> list[Block]:
    """A section (with its button) and a context line for each of the top notes."""
    if not digest.notes:
        pct, usd = plain(digest.thresholds.min_savings_pct), plain(digest.thresholds.min_savings_usd)
        return [_section(f"No workload would save at least {pct}% and ${usd} a month on another service.")]
    blocks: list[Block] = []
    for rank, note in enumerate(digest.notes[:TOP_NOTES], start=1):
        blocks.append(_note_section(rank, note))
        context = note_context(note)
        if context:
            blocks.append(_context(context))
    more = len(digest.notes) - TOP_NOTES
    if more > 0:
        blocks.append(_context(f"{more} more: `compute-advisor digest --json` lists every note."))
    return blocks


def note_text(rank: int, note: Note) -> str:
    """A note's numbers and why."""
    where = " · ".join(x for x in (note.region, note.account) if x)
    move = f"{display_name(note.service)} → *{display_name(note.best_service)}*"
    today = usd_text(note.current_monthly_usd)
    if note.list_monthly_usd is not None:
        today += f" paid ({usd_text(note.list_monthly_usd)} at list)"
    return (
        f"*{rank}. {escape(note.name)}* · {move} · {where}\n"
        f"{today} → {usd_text(note.best_monthly_usd)} a month: "
        f"*save {usd_text(note.monthly_savings_usd)}* ({plain(note.savings_pct)}%) · "
        f"confidence {note.confidence.value}\n{note.why}"
    )


def note_context(note: Note) -> str:
    """Why the confidence isn't high, then the caveats of the move."""
    return escape(" · ".join((*note.confidence_reasons, *note.commitments, *note.caveats)))


def escape(text: str) -> str:
    """Text from AWS (tag values, names) made safe for mrkdwn: Slack reads &, < and > as markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def open_note_value(note: Note) -> str | None:
    """The note's workload as compact JSON for the button; its notes dropped if it would not fit."""
    data = note.workload.to_dict()
    for candidate in (data, {**data, "notes": []}):
        value = json.dumps(candidate, separators=(",", ":"), ensure_ascii=False)
        if len(value) <= BUTTON_VALUE_CHARS:
            return value
    return None


def _note_section(rank: int, note: Note) -> Block:
    block = _section(note_text(rank, note))
    block["block_id"] = f"digest_note_{rank}"
    value = open_note_value(note)
    if value is not None:
        block["accessory"] = {
            "type": "button",
            "action_id": OPEN_NOTE_ACTION,
            "text": {"type": "plain_text", "text": "Open as advice"},
            "value": value,
        }
    return block


def coverage_text(digest: Digest) -> str:
    """`N workloads checked, M without enough data`, and which, with why."""
    lines = [f"*{digest.checked} workloads checked, {len(digest.insufficient)} without enough data*"]
    lines += [_insufficient_line(item) for item in digest.insufficient[:LISTED_ITEMS]]
    return "\n".join(lines + _more(digest.insufficient))


def _insufficient_line(item: InsufficientData) -> str:
    resource = item.resource
    return f"• {escape(resource.name)} ({display_name(resource.service)}, {resource.region}): " + escape(
        "; ".join(item.reasons)
    )


def errors_text(digest: Digest) -> str:
    """What could not be read, region by region."""
    lines = ["*Could not read*"]
    for region, errors in digest.errors_by_region.items():
        lines.append(f"• {region}: " + "; ".join(_error_phrase(error) for error in errors))
    return "\n".join(lines)


def _error_phrase(error: ReadError) -> str:
    account = f" in {error.account}" if error.account else ""
    return f"{error.service} {error.operation}{account}: {error.error_code}"


def spend_text(digest: Digest) -> str:
    """List price of what was checked against Cost Explorer, by account and service."""
    several = len({row.account for row in digest.spend}) > 1
    lines = ["*Spend by service*, a month (Cost Explorer: last week x 730/168)"]
    for row in digest.spend:
        account = f"{row.account} " if several and row.account else ""
        line = f"• {account}{display_name(row.service)}: {usd_text(row.list_monthly_usd)} at list price"
        if row.paid_monthly_usd is not None:
            line += f" · {usd_text(row.paid_monthly_usd)} paid (CUR)"
        if row.cost_explorer_monthly_usd is not None and row.difference_usd is not None:
            explorer, difference = usd_text(row.cost_explorer_monthly_usd), signed_usd(row.difference_usd)
            line += f" · {explorer} in Cost Explorer (list {difference})"
        lines.append(line)
    return "\n".join(lines)


def footer_text(digest: Digest) -> str:
    """Where the prices come from and what a note needs."""
    pct, usd = plain(digest.thresholds.min_savings_pct), plain(digest.thresholds.min_savings_usd)
    priced = "today as billed; alternatives at AWS list prices" if digest.paid_today else "AWS list prices"
    dated = f"{priced} as of {digest.prices_as_of}, no discounts · " if digest.prices_as_of else ""
    return (
        f"{dated}a note needs {pct}% and ${usd} a month "
        "· every figure and assumption: `compute-advisor digest --json`"
    )


def _more(items: Sequence[object]) -> list[str]:
    extra = len(items) - LISTED_ITEMS
    return [f"… and {extra} more"] if extra > 0 else []


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": _cut(text, HEADER_CHARS)}}


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _cut(text, SECTION_CHARS)}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _cut(text, SECTION_CHARS)}]}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
