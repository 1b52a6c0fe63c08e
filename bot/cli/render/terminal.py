"""Plain-text renderings of core results for a terminal: aligned tables, no colour codes."""

from __future__ import annotations

from core.answer import Answer, Row, aligned_bills, bill_lines
from core.costs.estimate import Estimate
from core.money import usd_text
from core.services import display_name


def estimate_table(estimate: Estimate) -> str:
    """An estimate as an aligned table with its assumptions and price date."""
    rows = [("Line item", "Quantity", "Unit price", "Monthly")]
    for b in bill_lines(estimate.line_items):
        rows.append((b.name, f"{b.quantity} {b.unit}", b.unit_price, b.monthly))
    rows.append(("Total", "", "", usd_text(estimate.monthly_usd)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        f"{display_name(estimate.service)} in {estimate.region}: "
        f"{usd_text(estimate.monthly_usd)} a month" + (f" ({estimate.choice})" if estimate.choice else "")
    ]
    for index, row in enumerate(rows):
        cells = [
            row[0].ljust(widths[0]),
            row[1].rjust(widths[1]),
            row[2].rjust(widths[2]),
            row[3].rjust(widths[3]),
        ]
        lines.append("  " + "  ".join(cells).rstrip())
        if index == 0 or index == len(rows) - 2:
            lines.append("  " + "  ".join("-" * w for w in widths))
    if estimate.assumptions:
        lines.append("Assumptions:")
        lines += [f"  - {text}" for text in estimate.assumptions]
    lines.append(f"Prices as of {estimate.prices_as_of}.")
    return "\n".join(lines)


def answer_text(answer: Answer) -> str:
    """An answer as the terminal shows it: the same sections, in the same order, as in Slack."""
    lines = [answer.headline, f"  {answer.workload}"]
    if answer.changes:
        lines += ["Changed:", *(f"  - {c}" for c in answer.changes)]
    lines.append("")
    width = max(len(r.name) for r in answer.rows) + 2
    money = max(len(r.monthly) for r in answer.rows)
    for row in answer.rows:
        mark = "→" if row.recommended else " "
        lines.append(f"{mark} {row.name.ljust(width)}{row.monthly.rjust(money)}  {row.detail}")
    lines += ["", answer.why, *bill_text(answer.rows)]
    for title, items in (
        ("Break-even", answer.break_even),
        ("Trade-offs", answer.caveats),
        ("Cheaper variants", answer.alternatives),
        ("Assumptions", answer.assumptions),
    ):
        if items:
            lines += ["", f"{title}:", *(f"  - {item}" for item in items)]
    lines += ["", answer.prices]
    return "\n".join(lines)


def bill_text(rows: tuple[Row, ...]) -> list[str]:
    """Each option's bill, line by line, aligned across the options: quantity x unit price = monthly."""
    bills = aligned_bills(rows)
    if not bills:
        return []
    out = ["", "Line by line:"]
    for row, lines in bills:
        out += [f"  {row.name}: {row.monthly}", *(f"    {line}" for line in lines)]
    return out
