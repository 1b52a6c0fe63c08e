"""The advice message: the recommendation, the three options, why, and the buttons under it."""

from __future__ import annotations

from bot.slack.blocks.kit import (
    Block,
    Message,
    bullets,
    button,
    context,
    escape,
    fields,
    header,
    message,
    section,
)
from core.answer import Answer, Row, aligned_bills

ACTIONS_BLOCK = "advice_actions"
OPTIONS_BLOCK = "advice_options"
CHART_ACTION = "chart"
ARM64_ACTION = "try_arm64"
EDIT_ACTION = "edit_inputs"


def build_advice_message(
    answer: Answer, *, offer_arm64: bool = True, buttons: bool = True, note: str | None = None
) -> Message:
    """An answer as a Block Kit message, the same sections in the same order as the terminal's.

    `buttons` is False where a click could not be served (an ephemeral answer has no thread);
    `note` is a line to add at the end, such as how to invite the bot.
    """
    blocks = [header(answer.headline), section(f"*Workload:* {escape(answer.workload)}")]
    if answer.changes:
        blocks.append(section(bullets("What changed", answer.changes)))
    blocks += [option_table(answer.rows), section(escape(answer.why)), *bill_sections(answer.rows)]
    for title, items in (
        ("Break-even", answer.break_even),
        ("Trade-offs", answer.caveats),
        ("Cheaper variants", answer.alternatives),
    ):
        if items:
            blocks.append(section(bullets(title, items)))
    blocks.append(context(_context_lines(answer)))
    if note:
        blocks.append(section(note))
    if buttons:
        blocks.append(_actions(offer_arm64=offer_arm64))
    return message(f"{answer.headline} · {answer.workload}", blocks)


def option_table(rows: tuple[Row, ...]) -> Block:
    """The three options as a two-column table: service and monthly cost, then what was sized."""
    cells: list[str] = []
    for row in rows:
        cells += [_cost_cell(row), escape(row.detail)]
    return fields(cells, OPTIONS_BLOCK)


def bill_sections(rows: tuple[Row, ...]) -> list[Block]:
    """Each option's bill, line by line, in monospace: one section per option (Slack caps a
    section's text), aligned as the terminal aligns them."""
    return [
        section(f"*{row.name}, line by line:* {row.monthly}\n```{escape(chr(10).join(lines))}```")
        for row, lines in aligned_bills(rows)
    ]


def _cost_cell(row: Row) -> str:
    if row.recommended:
        return f":white_check_mark: *{row.name}*: *{row.monthly}* a month"
    if not row.feasible:
        return f":no_entry_sign: *{row.name}*: can't run it"
    return f":white_small_square: *{row.name}*: {row.monthly} a month"


def _context_lines(answer: Answer) -> list[str]:
    lines = [f"*Assumptions:* {escape(' · '.join(answer.assumptions))}"] if answer.assumptions else []
    return [*lines, escape(answer.prices)]


def _actions(*, offer_arm64: bool) -> Block:
    elements = [button("Chart", CHART_ACTION, "chart")]
    if offer_arm64:
        elements.append(button("Try arm64", ARM64_ACTION, "arm64"))
    elements.append(button("Edit inputs", EDIT_ACTION, "edit"))
    return {"type": "actions", "block_id": ACTIONS_BLOCK, "elements": elements}
