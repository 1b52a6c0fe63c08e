"""`compute-advisor digest [--dry-run] [--json] [--demo] [--regions r1,r2]`.

It posts (claiming the ISO week, exactly as the scheduled job does) only when SLACK_BOT_TOKEN and
DIGEST_CHANNEL are set and neither --dry-run nor --demo is given. Otherwise it prints, and then it
never claims a week or touches the database: --dry-run reads AWS and composes the digest, and
posts nothing. --demo reads the bundled demo account instead of AWS. On a terminal, progress goes
to stderr.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import TextIO

from slack_sdk import WebClient

from bot.cli.render.digest import digest_text
from bot.digest.compose import UsageSource, aws_usage, compose_digest, digest_for, iso_week
from bot.digest.demo import demo_in_regions, demo_source, demo_usage
from bot.digest.post import PostOutcome, post_digest
from bot.jsonout import dumps
from bot.settings import Settings, SettingsError, load_settings
from bot.storage import open_store
from core.digest import digest_dict
from core.errors import AdvisorError
from core.usage import UsageReport

EXIT_OK = 0
REGIONS_SETTING = "AWS_REGIONS"


def parse_regions(text: str) -> tuple[str, ...]:
    """`us-east-1,eu-west-1` as region codes, checked as AWS_REGIONS is; AdvisorError if not."""
    if not text.strip():
        raise AdvisorError("--regions: empty; give region codes such as us-east-1,eu-west-1")
    try:
        return load_settings({REGIONS_SETTING: text}).aws_regions
    except SettingsError as error:
        problem = next(p for p in error.problems if p.startswith(REGIONS_SETTING))
        raise AdvisorError("--regions" + problem.removeprefix(REGIONS_SETTING)) from None


def run_digest(
    *,
    dry_run: bool,
    as_json: bool,
    demo: bool,
    regions: str | None,
    out: TextIO,
    err: TextIO,
    cur: str | None = None,
    engine: str | None = None,
) -> int:
    """The subcommand: post, or print the digest as text or JSON."""
    chosen = parse_regions(regions) if regions is not None else None
    settings = _with_cur(load_settings(), cur, engine)
    progress = _progress(err)
    if settings.digest_cur and not demo:
        return _cur(settings, dry_run=dry_run, as_json=as_json, out=out, progress=progress)
    now = demo_usage().window.end if demo else datetime.now(UTC)
    source: UsageSource = demo_source if demo else partial(aws_usage, regions=chosen, progress=progress)
    if demo and chosen is not None:
        source = partial(_demo_regions, regions=chosen)
    if not (dry_run or demo) and settings.slack_bot_token is not None and settings.digest_channel:
        return _post(settings, _reading(source, progress), now, out, as_json)
    usage = _reading(source, progress)(settings, now)
    digest = compose_digest(settings, usage, week=iso_week(now, settings.digest_zone))
    out.write((dumps(digest_dict(digest)) if as_json else digest_text(digest)) + "\n")
    return EXIT_OK


def _demo_regions(_settings: Settings, _now: datetime, *, regions: tuple[str, ...]) -> UsageReport:
    return demo_in_regions(demo_usage(), regions)


def _with_cur(settings: Settings, cur: str | None, engine: str | None) -> Settings:
    """The settings with `--cur` and `--engine` in place of DIGEST_CUR and DIGEST_ENGINE, checked
    as those are."""
    overrides = {k: v for k, v in (("DIGEST_CUR", cur), ("DIGEST_ENGINE", engine)) if v is not None}
    if not overrides:
        return settings
    try:
        return load_settings({**os.environ, **overrides})
    except SettingsError as error:
        flags = {"DIGEST_CUR": "--cur", "DIGEST_ENGINE": "--engine"}
        problem = next(p for p in error.problems if p.split(":", 1)[0] in overrides)
        name = problem.split(":", 1)[0]
        raise AdvisorError(flags[name] + problem.removeprefix(name)) from None


def _cur(
    settings: Settings, *, dry_run: bool, as_json: bool, out: TextIO, progress: Callable[[str], None] | None
) -> int:
    """The digest of a CUR 2.0 export: posted as the weekly one, or printed."""
    now = datetime.now(UTC)
    if not dry_run and settings.slack_bot_token is not None and settings.digest_channel:
        return _post(settings, aws_usage, now, out, as_json)  # DIGEST_CUR is read instead
    digest = digest_for(settings, now, week=iso_week(now, settings.digest_zone), progress=progress)
    out.write((dumps(digest_dict(digest)) if as_json else digest_text(digest)) + "\n")
    return EXIT_OK


def _post(settings: Settings, source: UsageSource, now: datetime, out: TextIO, as_json: bool) -> int:
    assert settings.slack_bot_token is not None
    client = WebClient(token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url)
    store = open_store(settings.database_url)  # DatabaseUnavailable names DATABASE_URL: exit 2
    try:
        outcome = post_digest(client, store, settings, now=now, usage_source=source)
    finally:
        store.engine.dispose()
    if as_json and outcome.digest is not None:
        out.write(dumps(digest_dict(outcome.digest)) + "\n")
    else:
        out.write(posted_text(outcome) + "\n")
    return EXIT_OK


def posted_text(outcome: PostOutcome) -> str:
    """What `digest` says after trying to post: where it went and the digest, or that it was taken."""
    if not outcome.posted or outcome.digest is None:
        return f"The {outcome.week.label} digest is already posted in {outcome.channel_id}: nothing posted."
    posted = f"Posted the {outcome.week.label} digest in {outcome.channel_id} (ts {outcome.message_ts})."
    return posted + "\n\n" + digest_text(outcome.digest)


def _progress(err: TextIO) -> Callable[[str], None] | None:
    """Progress lines on stderr, only when it is a terminal."""
    if not err.isatty():
        return None
    return lambda line: print(line, file=err, flush=True)


def _reading(source: UsageSource, progress: Callable[[str], None] | None) -> UsageSource:
    """`source`, announcing what it reads and what it found when there is a terminal to tell."""
    if progress is None:
        return source

    def read(settings: Settings, now: datetime) -> UsageReport:
        accounts = 1 + len(settings.digest_role_arns)
        progress(f"reading usage: {accounts} account(s), {settings.digest_lookback_days} days")
        usage = source(settings, now)
        found = [
            sum(len(a.lambda_functions) for a in usage.accounts),
            sum(len(a.fargate_services) for a in usage.accounts),
            sum(g.count for a in usage.accounts for g in a.ec2_groups),
        ]
        progress(f"read {found[0]} functions, {found[1]} services, {found[2]} instances; costing them")
        return usage

    return read
