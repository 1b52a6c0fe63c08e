"""The bundled demo account: a digest with no AWS account at all (`compute-advisor digest --demo`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from functools import cache
from importlib import resources

from bot.settings import Settings
from core.demo import usage_from_dict
from core.usage import UsageReport

DEMO_ACCOUNT = "data/demo_account.json"


@cache
def demo_usage() -> UsageReport:
    """The demo account's usage report, loaded once per process."""
    text = resources.files("core").joinpath(DEMO_ACCOUNT).read_text(encoding="utf-8")
    return usage_from_dict(json.loads(text))


def demo_in_regions(report: UsageReport, regions: Sequence[str]) -> UsageReport:
    """The demo account with only what runs in `regions` (`--demo --regions`)."""
    wanted = set(regions)
    accounts = tuple(
        replace(
            a,
            regions=tuple(r for r in a.regions if r in wanted),
            lambda_functions=tuple(f for f in a.lambda_functions if f.region in wanted),
            fargate_services=tuple(s for s in a.fargate_services if s.region in wanted),
            ec2_groups=tuple(g for g in a.ec2_groups if g.region in wanted),
            errors=tuple(e for e in a.errors if e.region in wanted),
        )
        for a in report.accounts
    )
    return replace(report, accounts=accounts)


def demo_source(_settings: Settings, _now: datetime) -> UsageReport:
    """A usage source (see `bot.digest.compose.UsageSource`) that always answers the demo account."""
    return demo_usage()
