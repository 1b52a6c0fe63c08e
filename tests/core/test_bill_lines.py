"""Every answer shows each option's bill line by line: quantity x unit price = the month, lines that
add up to the option's figure, on the terminal and in Slack alike."""

from decimal import Decimal as D

import pytest

from bot.cli.render.terminal import answer_text
from bot.slack.blocks.advice import build_advice_message
from core.advice import advise
from core.answer import aligned_bills, answer
from core.workload import parse_workload

WORKLOADS = [
    "3M requests/month, 120ms, 1.5GB",
    "500 req/s, 50ms, 512MB, behind API Gateway REST",
    "always-on API 2 vCPU 4GB, 3 tasks",
    "nightly batch that takes 40 minutes, 4GB",
    "20 req/s, 80ms, 1GB, latency sensitive",
    "3M requests, 120ms, 20000MB",  # over Lambda's memory: its row has no bill
]


def money(text: str) -> D:
    return D(text.replace("$", "").replace(",", ""))


@pytest.mark.parametrize("text", WORKLOADS)
def test_each_feasible_option_s_lines_add_up_to_its_figure_and_come_from_its_line_items(text, catalog):
    advice = advise(parse_workload(text), catalog)
    said = answer(advice)
    for option, row in zip(advice.options, said.rows, strict=True):
        if not option.feasible or option.estimate is None:
            assert row.bill == ()
            continue
        items = option.estimate.line_items
        assert [b.name for b in row.bill] == [i.name for i in items]
        assert sum(money(b.monthly) for b in row.bill) == money(row.monthly)
        for line, item in zip(row.bill, items, strict=True):
            assert money(line.unit_price) == item.unit_usd  # every digit of the unit price
            assert money(line.monthly) == item.monthly_usd


def test_a_workload_over_lambda_s_memory_has_no_lambda_bill_but_the_others_have_theirs(catalog):
    said = answer(advise(parse_workload("3M requests, 120ms, 20000MB"), catalog))
    billed = [row.service for row, _ in aligned_bills(said.rows)]
    assert "lambda" not in billed
    assert billed  # Fargate or EC2 still runs it


def test_the_lines_are_aligned_across_the_options(catalog):
    said = answer(advise(parse_workload("3M requests/month, 120ms, 1.5GB"), catalog))
    lines = [line for _, table in aligned_bills(said.rows) for line in table]
    assert len({len(line) for line in lines}) == 1
    assert len({line.index("  x ") for line in lines}) == 1


def test_the_terminal_and_slack_show_the_same_lines(catalog):
    said = answer(advise(parse_workload("500 req/s, 50ms, 512MB"), catalog))
    text = answer_text(said)
    blocks = build_advice_message(said)["blocks"]
    sections = [b["text"]["text"] for b in blocks if b.get("text", {}).get("text", "").count("```") == 2]
    assert "\nLine by line:\n" in text
    assert len(sections) == len(aligned_bills(said.rows)) == 3
    for (row, table), section in zip(aligned_bills(said.rows), sections, strict=True):
        assert section.startswith(f"*{row.name}, line by line:* {row.monthly}\n```")
        for line in table:
            assert f"    {line}" in text
            assert line in section
