"""The digest of a CUR 2.0 export: every workload of every account costed at what the account
pays today and, through the advice core, on its cheapest home at list price. Pure.

It runs twice: first on the CUR alone, to rank every workload and pick the candidates whose move
could pass the thresholds; then, once CloudWatch has been read for those candidates, to write
the notes with the refined figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from core.advice.options import all_options
from core.cur.billed import Billed, Commitment, billed
from core.cur.model import Candidate, ChargeRow, CloudWatchRead, CurReport, Refinement, WorkloadRow
from core.cur.observe import observe_row
from core.digest.build import sorted_notes
from core.digest.model import Digest, Note, PreviousDigest, ServiceSpend, Thresholds
from core.digest.notes import Costed, note_for
from core.digest.weekly import week_over_week
from core.money import ZERO, usd_text
from core.observed import InsufficientData
from core.prices.catalog import PriceCatalog
from core.services import Service, display_name
from core.units import plain

Key = tuple[str, str, str, str]
NO_CPU_MOVE = "no CPU figures (CloudWatch not read): Lambda not compared"


@dataclass(frozen=True, slots=True)
class CurCosted:
    """One workload of the export: its row, what it is billed, and how it was costed."""

    row: WorkloadRow
    billed: Billed
    costed: Costed | None  # None when there is not enough data to cost it
    insufficient: InsufficientData | None


def cost_report(
    report: CurReport,
    catalog: PriceCatalog,
    refinements: Mapping[Key, Refinement] | None = None,
    shapes: Mapping[Key, tuple[Decimal, ...]] | None = None,
) -> list[CurCosted]:
    """Every workload of the report, billed and costed (refined where CloudWatch was read, with
    its usage by hour of the week where that was read)."""
    charges: dict[Key, list[ChargeRow]] = defaultdict(list)
    for charge in report.charges:
        charges[charge.key].append(charge)
    plans = dict(report.plan_types)
    out = []
    for row in report.workloads:
        bill = billed(row.service, row.region, charges[row.key], report.window, plans)
        refined = (refinements or {}).get(row.key)
        observed = observe_row(row, report.window, catalog, refined, (shapes or {}).get(row.key))
        if isinstance(observed, InsufficientData):
            out.append(CurCosted(row, bill, None, observed))
            continue
        costed = Costed(observed, bill.estimate, all_options(observed.workload, catalog))
        out.append(CurCosted(row, bill, costed, None))
    return out


def is_candidate(item: CurCosted, thresholds: Thresholds) -> bool:
    """Whether CloudWatch should be read for the workload: its move passes the thresholds on the
    CUR alone, or it is a service whose move to Lambda needs its CPU, and its bill could save
    enough (a move can't save more than the whole bill)."""
    if item.costed is None:
        return False
    if note_for(item.costed, thresholds) is not None:
        return True
    paid = item.billed.paid_monthly_usd
    unpriced_lambda = any(reason == NO_CPU_MOVE for _, reason in item.costed.observed.lambda_findings)
    return unpriced_lambda and thresholds.passed(paid, paid)


def potential_savings(item: CurCosted, thresholds: Thresholds) -> Decimal:
    """What a move could save a month on the CUR alone: the note's savings where the move is
    priced, else the whole bill (the most a move to Lambda can save while its CPU is unknown)."""
    assert item.costed is not None
    note = note_for(item.costed, thresholds)
    return note.monthly_savings_usd if note is not None else item.billed.paid_monthly_usd


@dataclass(frozen=True, slots=True)
class CandidateChoice:
    """The workloads CloudWatch is read for: those that could pass the thresholds, the largest
    potential savings first, at most `cap` of them."""

    chosen: tuple[CurCosted, ...]
    eligible: int
    cap: int

    @property
    def left_out(self) -> int:
        """Candidates past the cap, costed from the CUR alone."""
        return self.eligible - len(self.chosen)


def choose_candidates(costed: Iterable[CurCosted], thresholds: Thresholds, cap: int) -> CandidateChoice:
    """The candidates to read in CloudWatch, ranked by potential savings (then by key, so the
    same export always picks the same ones), at most `cap`."""
    eligible = [c for c in costed if is_candidate(c, thresholds)]
    ranked = sorted(eligible, key=lambda c: (-potential_savings(c, thresholds), c.row.key))
    return CandidateChoice(tuple(ranked[:cap]), len(eligible), cap)


def candidate(item: CurCosted, instance_ids: Sequence[str] = ()) -> Candidate:
    """What names the workload's CloudWatch metrics."""
    row = item.row
    if row.service == "lambda":
        return Candidate(row.key, function_name=row.workload.rsplit(":", 1)[-1])
    if row.service == "fargate":
        return Candidate(row.key, cluster=row.task_cluster, service_name=row.ecs_service)
    return Candidate(row.key, instance_ids=tuple(instance_ids))


def build_cur_digest(
    report: CurReport,
    costed: Sequence[CurCosted],
    thresholds: Thresholds,
    *,
    week: str,
    cloudwatch: CloudWatchRead,
    choice: CandidateChoice | None = None,
    shapes: Mapping[Key, tuple[Decimal, ...]] | None = None,
    previous: PreviousDigest | None = None,
) -> Digest:
    """The digest of the export, from its costed workloads (`choice`: the candidates CloudWatch
    was read for, stated in the assumptions)."""
    done = [c for c in costed if c.costed is not None]
    notes = [n for c in done if (n := cur_note(c, thresholds, (shapes or {}).get(c.row.key))) is not None]
    accounts = tuple(dict.fromkeys(c.row.account for c in costed))
    names = {a: report.account_names.get(a) or _cur_name(costed, a) for a in accounts}
    digest = Digest(
        week=week,
        window_start=report.window.start,
        window_end=report.window.end,
        period_s=3600,
        accounts=accounts,
        regions=tuple(sorted({c.row.region for c in costed})),
        notes=sorted_notes(notes),
        checked=len(done),
        insufficient=tuple(c.insufficient for c in costed if c.insufficient is not None),
        errors=cloudwatch.errors,
        spend=_spend(accounts, done),
        thresholds=thresholds,
        current_monthly_usd=sum((c.billed.paid_monthly_usd for c in done), ZERO),
        week_over_week=None,
        prices_as_of=_prices_as_of(done),
        assumptions=cur_assumptions(report, thresholds, cloudwatch, choice),
        source=report.source,
        source_notes=cur_source_notes(cloudwatch, choice),
        paid_today=True,
        account_names=tuple((a, n) for a, n in names.items() if n),
    )
    if previous is None:
        return digest
    return replace(digest, week_over_week=week_over_week(digest, previous))


def _cur_name(costed: Iterable[CurCosted], account: str) -> str | None:
    return next((c.row.account_name for c in costed if c.row.account == account and c.row.account_name), None)


def cur_note(item: CurCosted, thresholds: Thresholds, shape: tuple[Decimal, ...] | None) -> Note | None:
    """A note at what the account pays, with the list price and the commitments that cover it."""
    assert item.costed is not None
    note = note_for(item.costed, thresholds)
    if note is None:
        return None
    paid = item.billed.paid_monthly_usd
    texts = tuple(
        commitment_text(c, note.best_service, paid, note.best_monthly_usd) for c in item.billed.commitments
    )
    return replace(
        note,
        list_monthly_usd=item.billed.list_monthly_usd,
        commitments=texts,
        hourly_shape=shape,
    )


def commitment_text(c: Commitment, best: str, paid_usd: Decimal, best_usd: Decimal) -> str:
    """What a commitment does today, and whether it would follow the move to `best`."""
    today = (
        f"{c.kind.value} {c.short_id} pays {usd_text(c.paid_monthly_usd)} a month for usage worth "
        f"{usd_text(c.covered_list_monthly_usd)} at list price"
    )
    if c.kind.follows(best):
        return (
            f"{today}; it covers {display_name(best)} too, so it would go on discounting after the move "
            f"(the {display_name(best)} figure is at list price)"
        )
    meanwhile = paid_usd - c.paid_monthly_usd - best_usd
    ends = f" until {c.ends}" if c.ends else ""
    effect = (
        f"the move saves {usd_text(meanwhile)} a month meanwhile"
        if meanwhile > 0
        else f"the move costs {usd_text(-meanwhile)} a month more meanwhile"
    )
    return f"{today}; it does not follow a move to {display_name(best)}: its fee stays due{ends}, so {effect}"


def _spend(accounts: Sequence[str], done: Sequence[CurCosted]) -> tuple[ServiceSpend, ...]:
    rows = []
    for account in accounts:
        for service in Service:
            mine = [c for c in done if c.row.account == account and c.row.service == service]
            if mine:
                listed = sum((c.billed.list_monthly_usd for c in mine), ZERO)
                paid = sum((c.billed.paid_monthly_usd for c in mine), ZERO)
                rows.append(ServiceSpend(account, service, listed, None, None, paid))
    return tuple(rows)


def _prices_as_of(done: Sequence[CurCosted]) -> str:
    dates = [
        o.estimate.prices_as_of
        for c in done
        if c.costed is not None
        for o in c.costed.options
        if o.estimate and o.estimate.prices_as_of
    ]
    return min(dates, default="")


def candidates_text(choice: CandidateChoice) -> str:
    """How many candidates there were, the cap, and how many it left out."""
    text = (
        f"CloudWatch candidates: {len(choice.chosen)} of {choice.eligible} workloads whose move could "
        f"pass the thresholds, the largest potential savings on the CUR alone first, at most "
        f"{choice.cap} a digest (DIGEST_CUR_CANDIDATES)"
    )
    if choice.left_out:
        text += f"; the other {choice.left_out} are costed from the CUR alone"
    return text


def cur_source_notes(cloudwatch: CloudWatchRead, choice: CandidateChoice | None) -> tuple[str, ...]:
    """The summary's lines under the source: what today's figure is, and what CloudWatch refined."""
    paid = "today = what the account pays (CUR effective cost); alternatives at AWS list prices"
    if cloudwatch.note is not None:
        return (paid, cloudwatch.note)
    read = len(cloudwatch.refinements)
    if choice is None:
        return (paid, f"CloudWatch read for {read} candidate(s)")
    left = f"; {choice.left_out} more costed from the CUR alone" if choice.left_out else ""
    return (
        paid,
        f"CloudWatch read for {read} of {choice.eligible} candidate(s), at most {choice.cap} a digest "
        f"(DIGEST_CUR_CANDIDATES){left}",
    )


def cur_assumptions(
    report: CurReport, thresholds: Thresholds, cloudwatch: CloudWatchRead, choice: CandidateChoice | None
) -> tuple[str, ...]:
    """What every figure of a CUR digest rests on."""
    window = report.window
    read = (
        cloudwatch.note
        or f"CloudWatch read for {len(cloudwatch.refinements)} candidate(s) only: time per request, peak "
        "concurrency, CPU and memory use, and each function's configured memory (Lambda API); other "
        "figures are the CUR's"
    )
    chosen = (candidates_text(choice),) if choice is not None and choice.eligible else ()
    return (
        f"source: {report.source}",
        "today = what the account pays (CUR effective cost): Usage at unblended cost, "
        "SavingsPlanCoveredUsage at the Savings Plan's effective cost, DiscountedUsage at the "
        "reservation's effective cost; negation lines, fees, credits and tax left out",
        f"usage billed over the {window.days} whole days to {window.end:%Y-%m-%d} (the last the export "
        "holds), scaled to a 730-hour month",
        "alternatives at AWS list prices from the bundled snapshot, with no Savings Plan or Reserved "
        "Instance; each note says whether today's commitments would follow the move",
        read,
        *chosen,
        f"a note needs savings of at least {plain(thresholds.min_savings_pct)}% and "
        f"${plain(thresholds.min_savings_usd)} a month",
    )
