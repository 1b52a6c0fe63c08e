"""`compute-advisor prices [REGION]` and `compute-advisor prices update [--regions …] [--savings-plans]`.

An update reads the Price List API (and with --savings-plans the Savings Plans API) through boto3,
then stores what it read in the database at DATABASE_URL, all of it in one transaction, and only
when every table in every region was read: a failed or partial update stores nothing, names what
failed, and exits 1, so the last good prices stay.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TextIO

from bot.price_updates import UpdateOutcome
from core.errors import InvalidInput

EXIT_OK, EXIT_FAILED = 0, 1
REGION_CODE = re.compile(r"^[a-z]{2}(?:-[a-z0-9]+){2,}$")


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
