"""The `compute-advisor` command line. Each subcommand imports only what it uses, so that a cold
`compute-advisor estimate` starts fast."""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import AdvisorError
from core.services import Service

if TYPE_CHECKING:
    from core.advice import Advice
    from core.advice.discounts import TeamDiscounts
    from core.prices.catalog import PriceCatalog

EXIT_OK, EXIT_ERROR, EXIT_BAD_INPUT = 0, 1, 2
log = logging.getLogger("compute_advisor")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit status 2, with the closest choice."""

    def error(self, message: str) -> None:  # type: ignore[override]
        where = self.prog.removeprefix("compute-advisor").strip() or "usage"
        raise AdvisorError(f"{where}: {message}{_did_you_mean(message)}")


_INVALID_CHOICE = re.compile(r"invalid choice: '?([^'()]*?)'? \(choose from ([^)]*)\)")


def _did_you_mean(message: str) -> str:
    """`; did you mean advise?` for argparse's `invalid choice: 'advize' (choose from ...)`."""
    from core.conversation import near_command

    match = _INVALID_CHOICE.search(message)
    if match is None:
        return ""
    choices = [choice.strip(" '") for choice in match.group(2).split(",")]
    meant = near_command(match.group(1), choices)
    return f"; did you mean {meant}?" if meant else ""


def _catalog() -> PriceCatalog:
    """The snapshot with the prices stored at DATABASE_URL. The environment is read here, not
    through Settings: Settings loads SQLAlchemy and APScheduler (0.4 s), which a cold
    `estimate` (target < 0.3 s) can't afford; it reads the one variable the same way."""
    from bot.prices import current_catalog, database_url

    return current_catalog(database_url(os.environ))


def _estimate(args: argparse.Namespace) -> int:
    from bot.cli import estimate_args
    from core.costs.aws_lambda import lambda_cost
    from core.costs.ec2 import ec2_cost
    from core.costs.fargate import fargate_cost

    catalog = _catalog()
    values = estimate_args.parse_pairs(args.service, args.pairs)
    if args.service == "lambda":
        estimate = lambda_cost(estimate_args.lambda_deployment(values), catalog)
    elif args.service == "fargate":
        estimate = fargate_cost(estimate_args.fargate_deployment(values), catalog)
    else:
        estimate = ec2_cost(estimate_args.ec2_deployment(values), catalog)
    if args.json:
        from bot.jsonout import dumps
        from core.report import estimate_dict

        print(dumps(estimate_dict(estimate)))
    else:
        from bot.cli.render.terminal import estimate_table

        print(estimate_table(estimate))
    return EXIT_OK


def _advise(args: argparse.Namespace) -> int:
    from core.advice import advise
    from core.advice.discounts import with_team_discounts
    from core.errors import InvalidInput
    from core.workload import parse_workload

    text = " ".join(args.text).strip()
    if not text:
        raise InvalidInput(
            "workload", "", 'a description, such as advise "3M requests/month, 120ms avg, 1.5GB"'
        )
    catalog = _catalog()
    advice = advise(with_team_discounts(parse_workload(text), team_discounts()), catalog)
    _print_advice(advice, as_json=args.json)
    if args.chart:  # after the advice is printed: a bad path loses no answer
        from bot.chart import render_chart
        from bot.cli.chart_file import check_chart_path, write_chart
        from core.advice.chart import chart_data

        fmt = check_chart_path(args.chart)
        picture = render_chart(chart_data(advice, catalog), fmt)
        print(f"compute-advisor: {write_chart(args.chart, picture)}", file=sys.stderr)
    return EXIT_OK


def _print_advice(advice: Advice, *, as_json: bool) -> None:
    if as_json:
        from bot.jsonout import dumps
        from core.report import advice_dict

        print(dumps(advice_dict(advice)))
    else:
        from bot.cli.render.terminal import answer_text
        from core.answer import answer

        print(answer_text(answer(advice)))
    sys.stdout.flush()  # the answer goes out before any error about the chart


def team_discounts() -> TeamDiscounts:
    """The team's discounts from the settings (COMPUTE_EC2_DISCOUNT, ...): the advice applies them
    to workloads that give none of their own."""
    from bot.settings import load_settings

    return load_settings().team_discounts


def _chat(_args: argparse.Namespace) -> int:
    from bot.cli.chat import run_chat

    return run_chat(sys.stdin, sys.stdout, _catalog(), team_discounts())


def _run(_args: argparse.Namespace) -> int:
    from bot.logs import configure_logging
    from bot.settings import load_settings

    settings = load_settings()
    if settings.mode == "terminal":  # no Slack token: the chat, which needs none of Slack
        from bot.cli.chat import run_chat
        from bot.prices import current_catalog

        configure_logging(settings)
        return run_chat(
            sys.stdin, sys.stdout, current_catalog(settings.database_url), settings.team_discounts
        )
    from bot.slack.run import run

    return run(settings)


def _prices(args: argparse.Namespace) -> int:
    if args.what == "update":
        return _prices_update(args)
    if args.regions is not None or args.savings_plans:
        raise AdvisorError("prices: --regions and --savings-plans go with `prices update`")
    from core.prices.listing import prices_text

    print(prices_text(_catalog(), args.what or "us-east-1"))
    return EXIT_OK


def _prices_update(args: argparse.Namespace) -> int:
    from bot.cli.prices import parse_regions, report_update
    from bot.price_updates import update_prices
    from bot.prices import bundled_catalog
    from bot.settings import load_settings
    from bot.storage import make_engine
    from bot.storage.schema import migrate
    from core.aws import make_session

    settings = load_settings()
    regions = parse_regions(args.regions, bundled_catalog().regions())
    engine = make_engine(settings.database_url)
    try:
        migrate(engine)
        outcome = update_prices(make_session(None, None), engine, regions, savings_plans=args.savings_plans)
    finally:
        engine.dispose()
    return report_update(outcome, regions, sys.stdout, sys.stderr)


def _add_prices(commands: argparse._SubParsersAction[_Parser]) -> None:
    prices = commands.add_parser(
        "prices",
        help="the unit prices of a region and where they come from; `prices update` refreshes them",
        description=(
            "prices [REGION]: the unit prices behind every answer, each with its source (bundled "
            "snapshot or Price List API) and date. prices update: read the AWS Price List API with "
            "boto3 and store the prices in DATABASE_URL; a failed update stores nothing."
        ),
    )
    prices.add_argument(
        "what", nargs="?", metavar="REGION|update", help="a region code (us-east-1), or update"
    )
    prices.add_argument("--regions", metavar="R1,R2", help="update: these regions instead of every known one")
    prices.add_argument(
        "--savings-plans", action="store_true", help="update: also Compute Savings Plans rates"
    )
    prices.set_defaults(handler=_prices)


def _digest(args: argparse.Namespace) -> int:
    from bot.digest.cli import run_digest

    return run_digest(
        dry_run=args.dry_run,
        as_json=args.json,
        demo=args.demo,
        regions=args.regions,
        cur=args.cur,
        engine=args.engine,
        out=sys.stdout,
        err=sys.stderr,
    )


def _add_digest(commands: argparse._SubParsersAction[_Parser]) -> None:
    digest = commands.add_parser(
        "digest",
        help="this week's digest: workloads that would cost less on another service",
        description=(
            "Reads Lambda, Fargate and EC2 usage with boto3 (profiles, AWS_ENDPOINT_URL, "
            "DIGEST_ROLE_ARNS) and costs each workload where it runs and where it could. With "
            "SLACK_BOT_TOKEN and DIGEST_CHANNEL set it posts to Slack, once per ISO week; else it prints."
        ),
    )
    digest.add_argument(
        "--dry-run",
        action="store_true",
        help="read and compose, then print: post nothing, claim no week, touch no database",
    )
    digest.add_argument("--json", action="store_true", help="one JSON object")
    digest.add_argument("--demo", action="store_true", help="the bundled demo account: no AWS; never posts")
    digest.add_argument("--regions", metavar="R1,R2", help="regions to read instead of AWS_REGIONS")
    digest.add_argument(
        "--cur",
        metavar="URI",
        help="a CUR 2.0 export (local folder or s3://bucket/prefix) instead of DIGEST_CUR",
    )
    digest.add_argument(
        "--engine", choices=("duckdb", "athena"), help="what reads the export, instead of DIGEST_ENGINE"
    )
    digest.set_defaults(handler=_digest)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = _Parser(prog="compute-advisor", description="EC2, Fargate or Lambda: what would it cost?")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    estimate = commands.add_parser(
        "estimate",
        help="the monthly cost of one service, line by line",
        description="Example: estimate lambda requests=3M duration=120ms memory=1536MB",
    )
    estimate.add_argument("service", choices=[service.value for service in Service])
    estimate.add_argument("pairs", nargs="*", metavar="KEY=VALUE")
    estimate.add_argument("--json", action="store_true", help="one JSON object")
    estimate.set_defaults(handler=_estimate)
    advise = commands.add_parser(
        "advise",
        help="cost a workload on Lambda, Fargate and EC2, and recommend one",
        description='Example: advise "50 req/s peak, 200 ms, 512MB arm64 in eu-west-1"',
    )
    advise.add_argument("text", nargs="*", help="the workload, in plain words or KEY=VALUE pairs")
    advise.add_argument("--json", action="store_true", help="one JSON object")
    advise.add_argument(
        "--chart",
        type=Path,
        metavar="FILE.png",
        help="also draw cost against volume, as PNG, SVG or PDF by the name's suffix",
    )
    advise.set_defaults(handler=_advise)
    chat = commands.add_parser("chat", help="a terminal chat: advise, then ask follow-ups")
    chat.set_defaults(handler=_chat)
    _add_digest(commands)
    _add_prices(commands)
    run = commands.add_parser(
        "run",
        help="the Slack app: Socket Mode with SLACK_APP_TOKEN, else HTTP on PORT; no token: the chat",
    )
    run.set_defaults(handler=_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a subcommand; bad input is one line on stderr and exit status 2, never a traceback."""
    try:
        args = build_parser().parse_args(argv)
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except AdvisorError as err:
        print(f"compute-advisor: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:  # the boundary: log it, never show a traceback
        log.debug("unexpected error", exc_info=True)
        print(
            f"compute-advisor: internal error ({type(err).__name__}); please report it",
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
