"""The digest for a terminal: the same sections as in Slack, as aligned plain text."""

from __future__ import annotations

from core.answer import bill_lines
from core.costs.estimate import LineItem
from core.digest import Digest, Note
from core.digest.text import change_text, headline, signed_usd
from core.money import usd_text
from core.services import display_name
from core.units import plain

COLUMNS = ("#", "Resource", "Move", "Region", "Today", "Best", "Saves", "Confidence")
RIGHT_ALIGNED = frozenset({0, 4, 5, 6})


def digest_text(digest: Digest) -> str:
    """The whole digest: headline, notes table, each note's why, coverage, errors, spend."""
    lines = [
        f"Compute digest {digest.week}: {headline(digest)}",
        _scope(digest),
        f"Source: {digest.source}",
        *(f"  {note}" for note in digest.source_notes),
    ]
    if digest.week_over_week is not None:
        lines.append(change_text(digest.week_over_week))
    if digest.notes:
        lines += ["", *notes_table(digest.notes), "", *notes_detail(digest.notes)]
    else:
        pct, usd = plain(digest.thresholds.min_savings_pct), plain(digest.thresholds.min_savings_usd)
        lines += ["", f"No workload would save at least {pct}% and ${usd} a month on another service."]
    lines += _coverage(digest) + _errors(digest) + _spend(digest)
    lines += ["", "Assumptions:", *(f"  - {a}" for a in digest.assumptions)]
    if digest.prices_as_of:  # nothing costed, no price used
        lines.append(f"AWS list prices in USD as of {digest.prices_as_of}.")
    return "\n".join(lines)


def _scope(digest: Digest) -> str:
    accounts = ", ".join(digest.account_labels)
    return (
        f"{digest.checked} workloads checked, {len(digest.insufficient)} without enough data; "
        f"{digest.lookback_days} days to {digest.window_end:%Y-%m-%d %H:%M} UTC in {accounts} "
        f"({', '.join(digest.regions)})"
    )


def notes_table(notes: tuple[Note, ...]) -> list[str]:
    """One aligned row per note, largest savings first."""
    rows = [COLUMNS] + [_row(rank, note) for rank, note in enumerate(notes, start=1)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    out = []
    for index, row in enumerate(rows):
        cells = [_align(i, cell, width) for i, (cell, width) in enumerate(zip(row, widths, strict=True))]
        out.append("  " + "  ".join(cells).rstrip())
        if index == 0:
            out.append("  " + "  ".join("-" * w for w in widths))
    return out


def _align(column: int, cell: str, width: int) -> str:
    return cell.rjust(width) if column in RIGHT_ALIGNED else cell.ljust(width)


def _row(rank: int, note: Note) -> tuple[str, ...]:
    return (
        str(rank),
        note.name,
        f"{display_name(note.service)} → {display_name(note.best_service)}",
        note.region,
        usd_text(note.current_monthly_usd),
        usd_text(note.best_monthly_usd),
        f"{usd_text(note.monthly_savings_usd)} ({plain(note.savings_pct)}%)",
        note.confidence.value,
    )


def notes_detail(notes: tuple[Note, ...]) -> list[str]:
    """Each note's resource, why, what it was worked out from, and what to weigh before moving it."""
    out: list[str] = []
    for rank, note in enumerate(notes, start=1):
        out += [f"{rank}. {note.resource}", f"   {note.why}"]
        out += [f"   {text}" for text in note.workload.notes]
        out.append(f"   today: {_items(note.current_line_items)}")
        if note.list_monthly_usd is not None:
            listed, paid = usd_text(note.list_monthly_usd), usd_text(note.current_monthly_usd)
            out.append(f"   today at list price: {listed}; paid: {paid}")
        out.append(f"   on {display_name(note.best_service)}: {_items(note.best_line_items)}")
        out += [f"   - {text}" for text in (*note.confidence_reasons, *note.commitments, *note.caveats)]
    return out


def _items(items: tuple[LineItem, ...]) -> str:
    """`Requests 525,600 request x $0.0000002 = $0.11; ...`: every figure from its unit price."""
    return "; ".join(
        f"{b.name} {b.quantity} {b.unit} x {b.unit_price} = {b.monthly}" for b in bill_lines(items)
    )


def _section(title: str, lines: list[str]) -> list[str]:
    """A titled section after a blank line; nothing at all when it has no lines."""
    return ["", title, *lines] if lines else []


def _coverage(digest: Digest) -> list[str]:
    lines = []
    for item in digest.insufficient:
        resource = item.resource
        where = f"{display_name(resource.service)}, {resource.region}"
        lines.append(f"  - {resource.name} ({where}): {'; '.join(item.reasons)}")
    return _section("Without enough data:", lines)


def _errors(digest: Digest) -> list[str]:
    lines = []
    for region, errors in digest.errors_by_region.items():
        for error in errors:
            account = f" in {error.account}" if error.account else ""
            call = f"{error.service} {error.operation}{account}"
            lines.append(f"  - {region}: {call}: {error.error_code}: {error.message}")
    return _section("Could not read:", lines)


def _spend(digest: Digest) -> list[str]:
    lines = []
    several = len({row.account for row in digest.spend}) > 1
    for row in digest.spend:
        name = f"{row.account} {display_name(row.service)}" if several else display_name(row.service)
        line = f"  - {name}: {usd_text(row.list_monthly_usd)}"
        if row.paid_monthly_usd is not None:
            below = signed_usd(row.paid_monthly_usd - row.list_monthly_usd)
            line += f"; paid {usd_text(row.paid_monthly_usd)} ({below})"
        if row.cost_explorer_monthly_usd is not None and row.difference_usd is not None:
            explorer, difference = usd_text(row.cost_explorer_monthly_usd), signed_usd(row.difference_usd)
            line += f"; Cost Explorer {explorer} ({difference})"
        lines.append(line)
    title = "Spend by service, a month (list price of what was checked; Cost Explorer, last week x 730/168):"
    if any(row.paid_monthly_usd is not None for row in digest.spend):
        title = "Spend by service, a month (list price of what was checked; paid, from the CUR):"
    return _section(title, lines)
