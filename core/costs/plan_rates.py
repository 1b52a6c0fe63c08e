"""A Compute Savings Plan at AWS's own rates, as lines of an estimate.

The same deployment is costed twice: at list (the catalog), and at the plan's rates (the catalog
`core.prices.committed.with_commitment` gives). The lines the plan covers come out with a lower
unit price the second time; each difference is a negative line of its own, quantity x (plan rate
- list rate), so the list prices stay visible above it and the money stays exact. The total is
then what the plan's rates bill, to the last digit.
"""

from __future__ import annotations

from dataclasses import replace

from core.costs.estimate import Estimate, LineItem
from core.prices.catalog import PriceCatalog
from core.prices.savings import SavingsPlan


class UnmatchedEstimates(ValueError):
    """The two estimates are not of the same deployment (a bug in the caller, not bad input)."""


def plan_lines(listed: Estimate, committed: Estimate, plan: SavingsPlan) -> tuple[LineItem, ...]:
    """One negative line for each line the plan prices below list."""
    if len(listed.line_items) != len(committed.line_items):
        raise UnmatchedEstimates(
            f"{len(listed.line_items)} lines at list, {len(committed.line_items)} on the plan"
        )
    lines: list[LineItem] = []
    for at_list, on_plan in zip(listed.line_items, committed.line_items, strict=True):
        if (at_list.name, at_list.quantity, at_list.unit) != (on_plan.name, on_plan.quantity, on_plan.unit):
            raise UnmatchedEstimates(f"{at_list.name!r} at list is {on_plan.name!r} on the plan")
        if on_plan.unit_usd < at_list.unit_usd:
            lines.append(
                LineItem(
                    f"{plan.label}: {at_list.name}",
                    at_list.quantity,
                    at_list.unit,
                    on_plan.unit_usd - at_list.unit_usd,
                    on_plan.source,
                )
            )
    return tuple(lines)


def with_plan(listed: Estimate, committed: Estimate, plan: SavingsPlan, catalog: PriceCatalog) -> Estimate:
    """The list estimate with the plan's lines after it, an assumption saying what they cover, and
    "prices as of" over every source used (the Savings Plans rates' date among them)."""
    lines = plan_lines(listed, committed, plan)
    if not lines:
        note = f"{plan.name}: AWS's rates for it cover nothing this option bills below list"
        return replace(listed, assumptions=(*listed.assumptions, note))
    covered = ", ".join(line.name.removeprefix(f"{plan.label}: ") for line in lines)
    note = (
        f"{plan.name}: AWS's own {plan.label} rates on {covered}; everything else at list "
        "(a plan never covers requests, the front door, addresses, volumes, logs or NAT)"
    )
    items = (*listed.line_items, *lines)
    return replace(
        listed,
        line_items=items,
        assumptions=(*listed.assumptions, note),
        prices_as_of=catalog.prices_as_of({item.source for item in items}),
    )
