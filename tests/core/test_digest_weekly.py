"""Week over week: a digest against the summary last week's digest stored (its own JSON)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from bot.jsonout import dumps
from core.digest import Digest, PreviousDigest, Thresholds, build_digest, digest_dict, previous_from_dict
from core.prices.catalog import PriceCatalog
from tests.core.usage_factory import account, function, group, report

THRESHOLDS = Thresholds(Decimal(20), Decimal(10))


def stored(digest: Digest) -> PreviousDigest:
    """What the store keeps (the digest's JSON, exact numbers) read back as last week's digest."""
    previous = previous_from_dict(json.loads(dumps(digest_dict(digest)), parse_float=Decimal))
    assert previous is not None
    return previous


def test_a_stored_digest_reads_back_exactly(catalog: PriceCatalog) -> None:
    digest = build_digest(report(account(groups=(group("a"),))), catalog, THRESHOLDS, week="2025-W44")

    previous = stored(digest)

    assert previous.week == "2025-W44"
    assert previous.current_monthly_usd == digest.current_monthly_usd
    assert previous.monthly_savings_usd == digest.monthly_savings_usd
    assert previous.checked == 1
    assert dict(previous.savings_by_resource) == {"a (2 x m5.xlarge)": digest.notes[0].monthly_savings_usd}


def test_the_change_since_last_week_counts_money_workloads_and_notes(catalog: PriceCatalog) -> None:
    last = build_digest(
        report(account((function("steady"),), groups=(group("a"), group("b")))),
        catalog,
        THRESHOLDS,
        week="2025-W44",
    )
    this = build_digest(
        report(account(groups=(group("b"), group("c", count=3)))),
        catalog,
        THRESHOLDS,
        week="2025-W45",
        previous=stored(last),
    )

    change = this.week_over_week
    assert change is not None
    assert change.previous_week == "2025-W44"
    assert change.new_notes == ("c (3 x m5.xlarge)",)
    assert change.gone_notes == ("a (2 x m5.xlarge)",)
    assert change.checked_change == -1
    assert change.savings_change_usd == this.monthly_savings_usd - last.monthly_savings_usd
    assert change.current_monthly_change_usd == this.current_monthly_usd - last.current_monthly_usd
    assert digest_dict(this)["week_over_week"] == {
        "previous_week": "2025-W44",
        "current_monthly_change_usd": change.current_monthly_change_usd,
        "savings_change_usd": change.savings_change_usd,
        "checked_change": -1,
        "new_notes": ["c (3 x m5.xlarge)"],
        "gone_notes": ["a (2 x m5.xlarge)"],
    }


def test_a_first_digest_has_no_week_over_week(catalog: PriceCatalog) -> None:
    digest = build_digest(report(account(groups=(group(),))), catalog, THRESHOLDS, week="2025-W45")

    assert digest.week_over_week is None
    assert digest_dict(digest)["week_over_week"] is None


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"period": {"week": "2025-W44"}, "notes": [], "checked": 1},
        {"period": {"week": "2025-W44"}, "totals": {}, "notes": [], "checked": 1},
        {
            "period": {"week": "2025-W44"},
            "totals": {"current_monthly_usd": "x", "monthly_savings_usd": 1},
            "notes": [],
            "checked": 1,
        },
        {
            "period": {"week": "2025-W44"},
            "totals": {"current_monthly_usd": 1, "monthly_savings_usd": 1},
            "notes": "none",
            "checked": 1,
        },
        {
            "period": {"week": "2025-W44"},
            "totals": {"current_monthly_usd": 1, "monthly_savings_usd": True},
            "notes": [],
            "checked": 1,
        },
        {
            "period": "2025-W44",
            "totals": {"current_monthly_usd": 1, "monthly_savings_usd": 1},
            "notes": [],
            "checked": 1,
        },
        {
            "period": {"week": "2025-W44"},
            "totals": {"current_monthly_usd": 1, "monthly_savings_usd": 1},
            "notes": [{"resource": "a"}],
            "checked": 1,
        },
    ],
)
def test_a_stored_summary_that_is_not_a_digest_s_is_ignored(data: dict[str, object]) -> None:
    assert previous_from_dict(data) is None
