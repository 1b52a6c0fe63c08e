"""Lambda kept warm: with latency=sensitive, provisioned concurrency is what makes Lambda usable.

A cold start adds roughly 100ms to over a second to a request that lands on a new execution
environment. A workload that says its latency matters can't take that, so Lambda is costed as it
would have to run: with provisioned concurrency for the requests in flight at the peak (Little's
law: peak rate x duration), unless the workload gives its own `provisioned=`. Its figure in the
table, the headline and the recommendation are then that warm figure, and the note says what it
would cost with cold starts.
"""

from __future__ import annotations

from decimal import Decimal

from core.advice.sizing import ceil, traffic
from core.money import usd_text
from core.workload import Kind, Workload

MS_PER_SECOND = Decimal(1000)
COLD_START = (
    "Lambda cold starts: a new execution environment adds roughly 100ms to over 1s to its first request"
)


def warm_concurrency(w: Workload) -> int | None:
    """The provisioned concurrency latency=sensitive asks Lambda for, or None when it asks none:
    latency not sensitive, a job (a batch run doesn't notice a cold start), or `provisioned=` given."""
    if w.latency != "sensitive" or w.kind is Kind.JOB or w.provisioned or w.duration_ms is None:
        return None
    if w.kind is Kind.SERVICE and w.rps is None:
        return None
    return max(1, ceil(traffic(w).peak_rps * w.duration_ms / MS_PER_SECOND))


def warm_note(warm: int, cold_usd: Decimal) -> str:
    """The assumption that says what keeping Lambda warm means, and what cold it would cost."""
    return (
        f"latency=sensitive: provisioned concurrency of {warm} (the requests in flight at the peak) keeps "
        f"Lambda warm, priced in; with cold starts it would cost {usd_text(cold_usd)} a month"
    )


def cold_start_text(w: Workload, warm: int | None) -> str:
    """The trade-off line about cold starts, as the workload's latency needs make it."""
    text = COLD_START
    if warm is not None:
        return f"{text}; avoided here by provisioned concurrency of {warm} (latency=sensitive), priced in"
    if w.latency == "tolerant":
        return text
    if w.provisioned:
        return f"{text}; provisioned concurrency of {w.provisioned} keeps that many warm"
    return f"{text}; say latency=sensitive to price keeping it warm"
