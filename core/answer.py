"""An answer, laid out once for every surface: the terminal, the Slack bot and the JSON output
render this same structure, so they say the same thing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.advice.model import Advice, Option
from core.costs.estimate import LineItem
from core.money import rate_text, usd_text
from core.services import display_name
from core.units import format_quantity


@dataclass(frozen=True, slots=True)
class BillLine:
    """One line of an option's bill, as text: quantity x unit price = monthly."""

    name: str
    quantity: str  # "1,460"
    unit: str  # "vCPU-hour"
    unit_price: str  # "$0.04048", every digit of the price
    monthly: str  # "$59.10", the line rounded to the cent as AWS rounds it


def bill_lines(items: tuple[LineItem, ...]) -> tuple[BillLine, ...]:
    """An estimate's line items as text, each traceable to its unit price."""
    return tuple(
        BillLine(i.name, format_quantity(i.quantity), i.unit, rate_text(i.unit_usd), usd_text(i.monthly_usd))
        for i in items
    )


@dataclass(frozen=True, slots=True)
class Row:
    """One service's line in the comparison table."""

    service: str
    name: str
    monthly: str  # "$9.60", or "—" when it can't run the workload
    detail: str  # what was sized or picked, or why it can't run it
    recommended: bool
    feasible: bool
    bill: tuple[BillLine, ...] = ()  # the option's line items; none when it can't run the workload


def aligned_bills(rows: tuple[Row, ...]) -> tuple[tuple[Row, tuple[str, ...]], ...]:
    """Each option that has a bill, with its lines as text aligned across all the options:
    `name  quantity unit  x unit price = monthly`, for a monospace table on any surface."""
    lines = [line for row in rows for line in row.bill]
    if not lines:
        return ()
    name_w, qty_w, unit_w, price_w, month_w = (
        max(len(getattr(line, f)) for line in lines)
        for f in ("name", "quantity", "unit", "unit_price", "monthly")
    )
    return tuple(
        (
            row,
            tuple(
                f"{b.name.ljust(name_w)}  {b.quantity.rjust(qty_w)} {b.unit.ljust(unit_w)}"
                f"  x {b.unit_price.rjust(price_w)} = {b.monthly.rjust(month_w)}"
                for b in row.bill
            ),
        )
        for row in rows
        if row.bill
    )


@dataclass(frozen=True, slots=True)
class Answer:
    """What to say about one workload, in the order to say it."""

    headline: str
    workload: str
    rows: tuple[Row, ...]
    why: str
    break_even: tuple[str, ...]
    caveats: tuple[str, ...]
    alternatives: tuple[str, ...]
    assumptions: tuple[str, ...]
    prices: str
    changes: tuple[str, ...] = ()


def _row(option: Option, recommended: str | None) -> Row:
    name = display_name(option.service)
    if option.feasible and option.monthly_usd is not None:
        return Row(
            option.service,
            name,
            usd_text(option.monthly_usd),
            option.reason,
            option.service == recommended,
            True,
            bill_lines(option.estimate.line_items) if option.estimate else (),
        )
    return Row(option.service, name, "—", f"can't: {option.reason}", False, False)


def answer(advice: Advice, changes: tuple[str, ...] = ()) -> Answer:
    """The answer to give for some advice (and, after a follow-up, what changed)."""
    rec = advice.recommendation
    if rec is None:
        headline = "None of Lambda, Fargate or EC2 can run this as described"
        why = "Every option hits a hard limit: see the reasons in the table."
        assumptions: tuple[str, ...] = advice.workload.notes
    else:
        headline = f"{display_name(rec.service)}: {usd_text(rec.monthly_usd)} a month"
        why = rec.why
        best = advice.option(rec.service).estimate
        assumptions = advice.workload.notes + (best.assumptions if best else ())
    return Answer(
        headline=headline,
        workload=advice.workload.describe(),
        rows=tuple(_row(o, rec.service if rec else None) for o in advice.options),
        why=why,
        break_even=tuple(b.text for b in advice.break_even),
        caveats=advice.caveats,
        alternatives=advice.alternatives,
        assumptions=assumptions,
        prices=f"AWS list prices in USD as of {advice.prices_as_of}, {advice.workload.region}",
        changes=changes,
    )


def cost_changes(before: Advice, after: Advice) -> tuple[str, ...]:
    """How each option's monthly cost moved between two answers."""
    out = []
    for old, new in zip(before.options, after.options, strict=True):
        was, now = old.monthly_usd, new.monthly_usd
        if was != now:
            out.append(f"{display_name(old.service)}: {_money(was)} → {_money(now)}")
    if (
        before.recommendation
        and after.recommendation
        and before.recommendation.service != after.recommendation.service
    ):
        out.append(
            f"the cheapest is now {display_name(after.recommendation.service)} "
            f"(was {display_name(before.recommendation.service)})"
        )
    return tuple(out)


def _money(value: Decimal | None) -> str:
    return "can't run it" if value is None else usd_text(value)
