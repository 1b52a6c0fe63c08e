"""The bundled demo account: a digest with no AWS account at all (`compute-advisor digest --demo`)."""

from __future__ import annotations

import json
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


def demo_source(_settings: Settings, _now: datetime) -> UsageReport:
    """A usage source (see `bot.digest.compose.UsageSource`) that always answers the demo account."""
    return demo_usage()
