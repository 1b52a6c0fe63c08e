"""One turn of a conversation with compute-advisor: a command or a follow-up in, a reply out.

The terminal chat and the Slack bot both call `reply_to`, so they answer the same way. The only state
is the last workload, which the caller keeps (in memory, or in the database for a Slack thread).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from core.advice import advise
from core.advice.discounts import TeamDiscounts, with_team_discounts
from core.answer import Answer, answer, cost_changes
from core.errors import InvalidInput, clip
from core.prices.catalog import PriceCatalog
from core.prices.listing import prices_text as prices_text  # noqa: PLC0414 - re-exported for the listeners
from core.workload import Workload, apply_followup, parse_workload

MENTION = re.compile(r"^\s*(?:<@[A-Z0-9]+>|@compute\b|/compute\b)\s*", re.IGNORECASE)
SLASH_COMMAND = re.compile(r"^\s*/compute\b", re.IGNORECASE)  # a command for sure, never a follow-up
HELP = """\
compute-advisor costs a workload on Lambda, Fargate and EC2 and says which is cheapest.
  advise <workload>      e.g. advise 3M requests/month, 120ms avg, 1.5GB
                              advise 50 req/s peak, 200 ms, 512MB arm64 in eu-west-1
                              advise nightly job, 40 minutes, 4 vCPU 16GB
                              advise always-on API 2 vCPU 4GB x3
                              advise requests=3M duration=120ms memory=1536MB
  then follow up          what if traffic triples? · arm64? · with 3 tasks minimum · in eu-west-1
  prices [region]         the unit prices behind every answer
  help                    this text
Workloads by name work too: webhook receiver · queue worker, 50 messages a second · 10k daily active
users · GPU inference · 월 300만 요청, 평균 120ms, 메모리 1.5GB · 매일 밤 40분 걸리는 배치"""
COMMANDS = ("advise", "prices", "help")


class ReplyKind(StrEnum):
    """What sort of reply a turn produced."""

    ANSWER = "answer"
    FORM = "form"  # `advise` with nothing after it: Slack opens a form, the terminal asks
    HELP = "help"
    PRICES = "prices"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Reply:
    """A turn's reply; `workload` is the state to keep for the next turn."""

    kind: ReplyKind
    text: str = ""
    answer: Answer | None = None
    workload: Workload | None = None


def split_command(text: str) -> tuple[str, str]:
    """The verb and the rest, without a leading mention or `/compute`."""
    stripped = MENTION.sub("", text, count=1).strip()
    verb, _, rest = stripped.partition(" ")
    return verb.lower(), rest.strip()


_HELP_VERBS = ("help", "?", "")


def near_command(verb: str, known: Iterable[str]) -> str | None:
    """The command a mistyped `verb` most likely meant (`advize` → advise), or None."""
    if len(verb) < 3 or len(verb) > 30 or verb in known:
        return None
    close = difflib.get_close_matches(verb, list(known), n=1, cutoff=0.75)
    return close[0] if close else None


def unknown_command_text(verb: str, known: Iterable[str]) -> str:
    """What to say to `/compute <verb>` that isn't a command: the closest one, or all of them."""
    shown = clip(verb, 30)
    meant = near_command(verb, known)
    if meant is not None:
        return f"`{shown}` isn't a command: did you mean {meant}?"
    return f"`{shown}` isn't a command: try " + ", ".join(known)


NO_DISCOUNTS = TeamDiscounts()


def reply_to(
    text: str, last: Workload | None, catalog: PriceCatalog, team: TeamDiscounts = NO_DISCOUNTS
) -> Reply:
    """Answer one message: a command, or a follow-up to the last workload. A new workload takes
    the team's discounts for the services it gives none for."""
    verb, rest = split_command(text)
    explicit = SLASH_COMMAND.match(text) is not None and verb not in _HELP_VERBS
    if verb not in COMMANDS and (explicit or near_command(verb, COMMANDS)):
        return Reply(ReplyKind.ERROR, unknown_command_text(verb, COMMANDS), workload=last)
    try:
        if verb == "advise":
            if not rest:
                return Reply(
                    ReplyKind.FORM, "Describe the workload: advise 3M requests/month, 120ms avg, 1.5GB"
                )
            return fresh_answer(with_team_discounts(parse_workload(rest), team), catalog)
        if verb in _HELP_VERBS:
            return Reply(ReplyKind.HELP, HELP, workload=last)
        if verb == "prices":
            return Reply(
                ReplyKind.PRICES,
                prices_text(catalog, rest or (last.region if last else "us-east-1")),
                workload=last,
            )
        if last is None:
            return Reply(
                ReplyKind.ERROR,
                "Start with `advise <workload>`, for example: advise 3M requests/month, 120ms, 1.5GB",
            )
        return followup_answer(text, last, catalog)
    except InvalidInput as err:
        return Reply(ReplyKind.ERROR, str(err), workload=last)


def fresh_answer(workload: Workload, catalog: PriceCatalog) -> Reply:
    """The answer for a new workload."""
    return Reply(ReplyKind.ANSWER, answer=answer(advise(workload, catalog)), workload=workload)


def followup_answer(text: str, last: Workload, catalog: PriceCatalog) -> Reply:
    """The answer after a follow-up changes the last workload, showing what changed."""
    changed, changes = apply_followup(MENTION.sub("", text, count=1).strip(), last)
    before, after = advise(last, catalog), advise(changed, catalog)
    said = tuple(changes) + cost_changes(before, after)
    return Reply(ReplyKind.ANSWER, answer=answer(after, said), workload=changed)
