"""`compute-advisor prices [REGION]` and `compute-advisor prices update [--regions …] [--savings-plans]`.

An update reads the Price List API (and with --savings-plans the Savings Plans API) through boto3,
then stores what it read in the database at DATABASE_URL, all of it in one transaction, and only
when every table in every region was read: a failed or partial update stores nothing, names what
failed, and exits 1, so the last good prices stay.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TextIO

from core.errors import InvalidInput
from core.prices.pricelist.result import Refresh

EXIT_OK, EXIT_FAILED = 0, 1
REGION_CODE = re.compile(r"^[a-z]{2}(?:-[a-z0-9]+){2,}$")


@dataclass(frozen=True, slots=True)
class UpdateOutcome:
    """What an update read, whether it was stored, and how long it took."""

    refresh: Refresh
    stored: bool
    seconds: float


def parse_regions(text: str | None, known: Sequence[str]) -> list[str]:
    """`--regions us-east-1,eu-west-1`, or every region the catalog knows when not given. Codes
    the snapshot doesn't know are allowed (a region newer than it), but must look like one."""
    if text is None:
        return list(known)
    regions = [r.strip().lower() for r in text.split(",") if r.strip()]
    bad = [r for r in regions if not REGION_CODE.match(r)]
    if bad or not regions:
        raise InvalidInput("--regions", text, "a comma list of AWS region codes such as us-east-1,eu-west-1")
    return regions


def update_prices(
    session: Any, engine: Any, regions: Sequence[str], *, savings_plans: bool = False
) -> UpdateOutcome:
    """Read every table in `regions` from the Price List API (and with `savings_plans` the
    Compute Savings Plans rates); store it all, in one transaction, only if nothing failed."""
    from bot.storage.prices import save_prices  # noqa: PLC0415 - the update alone needs SQLAlchemy
    from core.aws.pricelist import pricing_client, refresh_prices  # noqa: PLC0415 - and boto3
    from core.aws.savings_plans import refresh_savings_plans, savings_plans_client  # noqa: PLC0415

    started, now = time.perf_counter(), datetime.now(UTC)
    refresh = refresh_prices(pricing_client(session), regions)
    if savings_plans:
        plans = refresh_savings_plans(savings_plans_client(session), regions, now.date().isoformat())
        refresh = refresh.merged(plans)
    if refresh.complete:
        save_prices(engine, refresh.priced, now)
    return UpdateOutcome(refresh, refresh.complete, time.perf_counter() - started)


def report_update(outcome: UpdateOutcome, regions: Sequence[str], out: TextIO, err: TextIO) -> int:
    """Say what an update did; the exit status: 0 stored, 1 failed (nothing stored)."""
    refresh = outcome.refresh
    priced = [p for p in refresh.priced if p.entry is not None]
    print(
        f"{len(regions)} region(s): {len(priced)} table(s) priced, {len(refresh.empty)} listed nothing, "
        f"{len(refresh.failed)} failed; {refresh.calls} calls in {outcome.seconds:.1f} s.",
        file=out,
    )
    if outcome.stored:
        newest = max((p.published for p in priced), default="")
        print(f"Stored: answers now use these prices (newest published {newest}).", file=out)
        return EXIT_OK
    print("compute-advisor: prices update failed: nothing was stored, the last good prices stay.", file=err)
    for failed in refresh.failed:
        print(f"  {failed}", file=err)
    return EXIT_FAILED
