"""Every setting compute-advisor reads from its environment, validated in one place.

The composition root calls `load_settings()` once and passes the `Settings` value down; nothing
here runs at import time. A bad environment fails fast with one `SettingsError` that lists every
problem, one line each, naming the variable and what it accepts, and never echoing a secret.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SecretsSettingsSource, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from core.advice.discounts import TeamDiscounts
from core.errors import AdvisorError

Mode = Literal["socket", "http", "terminal"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
LogFormat = Literal["text", "json"]
CommaList = Annotated[tuple[str, ...], NoDecode]

MAX_LOOKBACK_DAYS = 365
DATABASE_BACKENDS = ("sqlite", "postgresql", "postgres")
SECRET_SETTINGS = frozenset({"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"})
# A DATABASE_URL may carry a password, so its value is never echoed either.
UNECHOED_SETTINGS = SECRET_SETTINGS | {"DATABASE_URL"}
SECRETS_DIR = "SECRETS_DIR"

_TOKEN_KINDS = {"xoxb-": "a bot token", "xapp-": "an app-level token", "xoxp-": "a user token"}
_REGION = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$")
_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]+$")
_USER_ID = re.compile(r"^[UW][A-Z0-9]+$")
_S3_URI = re.compile(r"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$")
_ATHENA_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")


class SettingsError(AdvisorError):
    """The environment can't configure compute-advisor; `problems` has one line per setting."""

    def __init__(self, *problems: str) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class Settings(BaseSettings):
    """compute-advisor's configuration; build it with `load_settings`, which checks everything."""

    model_config = SettingsConfigDict(frozen=True, extra="ignore", env_ignore_empty=True)

    slack_bot_token: SecretStr | None = Field(
        None,
        validation_alias="SLACK_BOT_TOKEN",
        description="a bot token starting with xoxb- (OAuth & Permissions page)",
    )
    slack_signing_secret: SecretStr | None = Field(
        None,
        validation_alias="SLACK_SIGNING_SECRET",
        description="the app's signing secret (Basic Information page); required in HTTP mode",
    )
    slack_app_token: SecretStr | None = Field(
        None,
        validation_alias="SLACK_APP_TOKEN",
        description="an app-level token starting with xapp- (connections:write): Socket Mode",
    )
    slack_api_url: str = Field(
        "https://slack.com/api/",
        validation_alias="SLACK_API_URL",
        description="an http(s) URL of the Web API, such as https://slack-gov.com/api/",
    )
    port: int = Field(3000, ge=1, le=65535, validation_alias="PORT", description="a TCP port, 1 to 65535")
    database_url: str = Field(
        "sqlite:///compute-advisor.db",
        repr=False,
        validation_alias="DATABASE_URL",
        description="sqlite:///path.db or postgresql+psycopg://user:password@host/db",
    )
    log_level: LogLevel = Field(
        "INFO",
        validation_alias="LOG_LEVEL",
        description="one of DEBUG, INFO, WARNING, ERROR, CRITICAL",
    )
    log_format: LogFormat = Field(
        "text",
        validation_alias="LOG_FORMAT",
        description="text (one line a record) or json (one JSON object a line)",
    )
    digest_channel: str | None = Field(
        None,
        validation_alias="DIGEST_CHANNEL",
        description="a channel ID such as C0123456789 (channel details, About); unset: no digest",
    )
    digest_cron: str = Field(
        "0 9 * * mon",
        validation_alias="DIGEST_CRON",
        description="five crontab fields with day names, such as '0 9 * * mon'",
    )
    digest_timezone: str = Field(
        "UTC",
        validation_alias="DIGEST_TIMEZONE",
        description="an IANA time zone such as UTC or Europe/Berlin",
    )
    aws_regions: CommaList = Field(
        ("us-east-1",),
        validation_alias="AWS_REGIONS",
        description="a comma list of AWS region codes such as us-east-1,eu-west-1",
    )
    ec2_discount: Decimal | None = Field(
        None,
        ge=0,
        lt=1,
        validation_alias="COMPUTE_EC2_DISCOUNT",
        description="the team's discount off list on EC2 instance-hours, such as 30% or 0.3",
    )
    fargate_discount: Decimal | None = Field(
        None,
        ge=0,
        lt=1,
        validation_alias="COMPUTE_FARGATE_DISCOUNT",
        description="the team's discount off list on Fargate vCPU and memory, such as 20% or 0.2",
    )
    lambda_discount: Decimal | None = Field(
        None,
        ge=0,
        lt=1,
        validation_alias="COMPUTE_LAMBDA_DISCOUNT",
        description="the team's discount off list on Lambda duration, such as 12% or 0.12",
    )
    digest_min_savings_pct: Decimal = Field(
        Decimal(20),
        ge=0,
        le=100,
        validation_alias="DIGEST_MIN_SAVINGS_PCT",
        description="a percentage from 0 to 100",
    )
    digest_min_savings_usd: Decimal = Field(
        Decimal(10),
        ge=0,
        validation_alias="DIGEST_MIN_SAVINGS_USD",
        description="a dollar amount of 0 or more per month",
    )
    digest_cost_explorer: bool = Field(
        True,
        validation_alias="DIGEST_COST_EXPLORER",
        description="true or false (Cost Explorer charges per request)",
    )
    digest_role_arns: CommaList = Field(
        (),
        validation_alias="DIGEST_ROLE_ARNS",
        description="a comma list of IAM role ARNs such as arn:aws:iam::123456789012:role/reader",
    )
    digest_admins: CommaList = Field(
        (),
        validation_alias="DIGEST_ADMINS",
        description="a comma list of Slack user IDs such as U0123ABCD",
    )
    digest_lookback_days: int = Field(
        14,
        ge=1,
        le=MAX_LOOKBACK_DAYS,
        validation_alias="DIGEST_LOOKBACK_DAYS",
        description=f"a whole number of days, 1 to {MAX_LOOKBACK_DAYS}",
    )

    digest_cur: str | None = Field(
        None,
        validation_alias="DIGEST_CUR",
        description="a local folder or s3://bucket/prefix of a CUR 2.0 export; unset: read CloudWatch",
    )
    digest_engine: Literal["duckdb", "athena"] = Field(
        "duckdb",
        validation_alias="DIGEST_ENGINE",
        description="duckdb (on this machine) or athena (DIGEST_ATHENA_* settings)",
    )
    digest_cur_cache: str = Field(
        "~/.cache/compute-advisor/cur",
        validation_alias="DIGEST_CUR_CACHE",
        description="a folder for the export's Parquet files fetched from S3",
    )
    digest_cur_cloudwatch: bool = Field(
        True,
        validation_alias="DIGEST_CUR_CLOUDWATCH",
        description="true or false: read CloudWatch for the CUR's candidates",
    )
    digest_cur_candidates: int = Field(
        50,
        ge=1,
        le=10_000,
        validation_alias="DIGEST_CUR_CANDIDATES",
        description="a whole number, 1 to 10000: the most workloads read in CloudWatch per CUR digest",
    )
    digest_athena_database: str | None = Field(
        None, validation_alias="DIGEST_ATHENA_DATABASE", description="the Glue database of the CUR 2.0 table"
    )
    digest_athena_table: str | None = Field(
        None, validation_alias="DIGEST_ATHENA_TABLE", description="the CUR 2.0 table's name"
    )
    digest_athena_workgroup: str = Field(
        "primary", validation_alias="DIGEST_ATHENA_WORKGROUP", description="an Athena workgroup"
    )
    digest_athena_output: str | None = Field(
        None,
        validation_alias="DIGEST_ATHENA_OUTPUT",
        description="s3://bucket/prefix/ for query results (unset: the workgroup's own)",
    )
    digest_athena_region: str = Field(
        "us-east-1", validation_alias="DIGEST_ATHENA_REGION", description="the region of the Athena table"
    )

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read and check the settings; the same as `load_settings`."""
        return load_settings(env)

    @property
    def mode(self) -> Mode:
        """How the app talks to Slack: Socket Mode, HTTP requests, or not at all (terminal)."""
        if self.slack_bot_token is None:
            return "terminal"
        return "socket" if self.slack_app_token is not None else "http"

    @property
    def digest_zone(self) -> ZoneInfo:
        """The time zone the digest's cron schedule is read in."""
        return ZoneInfo(self.digest_timezone)

    @property
    def team_discounts(self) -> TeamDiscounts:
        """The team's discounts, for the workloads that give none of their own."""
        return TeamDiscounts(self.ec2_discount, self.fargate_discount, self.lambda_discount)

    @field_validator("ec2_discount", "fargate_discount", "lambda_discount", mode="before")
    @classmethod
    def _percent(cls, value: Any) -> Any:
        """`30%` is 0.3; `30` (above 1) is a percentage too; `0.3` is as given."""
        if isinstance(value, str) and value.strip():
            text = value.strip()
            if text.endswith("%"):
                return str(Decimal(text[:-1].strip()) / 100) if _is_number(text[:-1]) else value
            if _is_number(text) and Decimal(text) >= 1:
                return str(Decimal(text) / 100)
        return value

    @field_validator("aws_regions", "digest_role_arns", "digest_admins", mode="before")
    @classmethod
    def _split_commas(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(item.strip() for item in value.split(",") if item.strip())
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_format(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("slack_bot_token")
    @classmethod
    def _check_bot_token(cls, value: SecretStr | None) -> SecretStr | None:
        return _check_token_prefix(value, "xoxb-")

    @field_validator("slack_app_token")
    @classmethod
    def _check_app_token(cls, value: SecretStr | None) -> SecretStr | None:
        return _check_token_prefix(value, "xapp-")

    @field_validator("slack_api_url")
    @classmethod
    def _check_api_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("not an http(s) URL")
        # slack_sdk joins base_url and the method name with no separator of its own.
        return value if value.endswith("/") else value + "/"

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        try:
            backend = make_url(value).get_backend_name()
        except ArgumentError:
            raise ValueError("not a database URL") from None
        if backend not in DATABASE_BACKENDS:
            raise ValueError(f"the {backend!r} database is not supported")
        return value

    @field_validator("digest_channel")
    @classmethod
    def _check_channel(cls, value: str | None) -> str | None:
        if value is not None and not _CHANNEL_ID.match(value):
            raise ValueError("not a channel ID (a name can change; the ID never does)")
        return value

    @field_validator("digest_timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("not a known time zone") from None
        return value

    @field_validator("digest_cron")
    @classmethod
    def _check_cron(cls, value: str) -> str:
        fields = value.split()
        # APScheduler 3 counts weekdays from 0 = Monday, crontab from 0 = Sunday: a number
        # would silently run the digest a day late, so only names are accepted.
        if len(fields) == 5 and any(ch.isdigit() for ch in fields[4]):
            raise ValueError("the day of week must use names (mon, tue, ... sun), not numbers")
        try:
            CronTrigger.from_crontab(value, timezone="UTC")
        except ValueError as error:
            raise ValueError(str(error)) from None
        return value

    @field_validator("digest_cur")
    @classmethod
    def _check_cur(cls, value: str | None) -> str | None:
        if value is not None and value.startswith("s3://") and not _S3_URI.match(value):
            raise ValueError("not an s3://bucket/prefix URI")
        return value

    @field_validator("digest_athena_output")
    @classmethod
    def _check_athena_output(cls, value: str | None) -> str | None:
        if value is not None and not _S3_URI.match(value):
            raise ValueError("not an s3://bucket/prefix URI")
        return value

    @field_validator("digest_athena_database", "digest_athena_table")
    @classmethod
    def _check_athena_name(cls, value: str | None) -> str | None:
        if value is not None and not _ATHENA_NAME.match(value):
            raise ValueError("not a Glue name (letters, digits, underscores, hyphens)")
        return value

    @field_validator("digest_athena_region")
    @classmethod
    def _check_athena_region(cls, value: str) -> str:
        if not _REGION.match(value):
            raise ValueError("not a region code")
        return value

    @field_validator("aws_regions")
    @classmethod
    def _check_regions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _check_items(value, _REGION, "a region code", require_one=True)

    @field_validator("digest_role_arns")
    @classmethod
    def _check_role_arns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _check_items(value, _ROLE_ARN, "an IAM role ARN", require_one=False)

    @field_validator("digest_admins")
    @classmethod
    def _check_admins(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _check_items(value, _USER_ID, "a Slack user ID", require_one=False)

    @model_validator(mode="after")
    def _check_mode(self) -> Settings:
        problems = mode_problems(
            has_bot_token=self.slack_bot_token is not None,
            has_signing_secret=self.slack_signing_secret is not None,
            has_app_token=self.slack_app_token is not None,
        )
        if problems:
            raise ValueError("\n".join(problems))
        return self


def _is_number(text: str) -> bool:
    return re.fullmatch(r"\s*[0-9]+(?:\.[0-9]+)?\s*", text) is not None


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """The settings from `env` (default: the process environment), or `SettingsError`.

    Names are matched without regard to case, and an empty value counts as unset, as it does
    for docker compose's `NAME=` lines. With SECRETS_DIR set, a file there named like a setting
    (SLACK_BOT_TOKEN, DATABASE_URL, ...) gives its value when the environment doesn't: secrets can
    stay out of the process environment altogether (docker and Kubernetes mount them as files).
    """
    source = os.environ if env is None else env
    values = _secret_files(source) | _normalise(source)
    problems = mode_problems(
        has_bot_token="SLACK_BOT_TOKEN" in values,
        has_signing_secret="SLACK_SIGNING_SECRET" in values,
        has_app_token="SLACK_APP_TOKEN" in values,
    )
    try:
        settings = Settings.model_validate(values)
    except ValidationError as error:
        raise SettingsError(*problems, *_field_problems(error, values)) from None
    return settings


def mode_problems(*, has_bot_token: bool, has_signing_secret: bool, has_app_token: bool) -> list[str]:
    """What is missing for Socket Mode, HTTP mode or the terminal, one line per setting."""
    if has_bot_token:
        if has_app_token or has_signing_secret:
            return []
        return [
            "SLACK_SIGNING_SECRET: required in HTTP mode (SLACK_BOT_TOKEN is set and "
            "SLACK_APP_TOKEN is not); or set SLACK_APP_TOKEN (xapp-...) for Socket Mode"
        ]
    partners = [("SLACK_SIGNING_SECRET", has_signing_secret), ("SLACK_APP_TOKEN", has_app_token)]
    given = [name for name, has in partners if has]
    if not given:
        return []
    verb = "is" if len(given) == 1 else "are"
    return [f"SLACK_BOT_TOKEN: required when {' and '.join(given)} {verb} set; a bot token (xoxb-...)"]


def _secret_files(env: Mapping[str, str]) -> dict[str, str]:
    """The settings found as files in SECRETS_DIR (pydantic-settings' secrets source)."""
    directory = next((value.strip() for name, value in env.items() if name.upper() == SECRETS_DIR), "")
    if not directory:
        return {}
    if not Path(directory).is_dir():
        raise SettingsError(
            f"{SECRETS_DIR}: not a directory (got {directory!r}); accepted: a directory "
            "of files named like the settings, such as /run/secrets"
        )
    found = SecretsSettingsSource(Settings, secrets_dir=directory, case_sensitive=False)()
    return {str(name).upper(): str(value).strip() for name, value in found.items() if str(value).strip()}


def _normalise(env: Mapping[str, str]) -> dict[str, str]:
    known = {str(field.validation_alias) for field in Settings.model_fields.values()}
    values: dict[str, str] = {}
    for name, value in env.items():
        upper = name.upper()
        if upper in known and value.strip() and (upper == name or upper not in values):
            values[upper] = value.strip()
    return values


def _field_problems(error: ValidationError, values: Mapping[str, str]) -> list[str]:
    fields = {str(f.validation_alias): f for f in Settings.model_fields.values()}
    problems = []
    for detail in error.errors(include_url=False):
        if not detail["loc"]:
            continue  # the mode check, already reported from the raw values
        name = str(detail["loc"][0])
        reason = str(detail["msg"]).removeprefix("Value error, ")
        reason = reason[:1].lower() + reason[1:]
        given = "" if name in UNECHOED_SETTINGS else f" (got {values.get(name, '')!r})"
        problems.append(f"{name}: {reason}{given}; accepted: {fields[name].description}")
    return problems


def _check_token_prefix(value: SecretStr | None, prefix: str) -> SecretStr | None:
    if value is None or value.get_secret_value().startswith(prefix):
        return value
    secret = value.get_secret_value()
    kind = next((name for p, name in _TOKEN_KINDS.items() if secret.startswith(p)), None)
    found = f"; the value given looks like {kind}" if kind else ""
    raise ValueError(f"must start with {prefix}{found}")


def _check_items(
    items: tuple[str, ...], pattern: re.Pattern[str], noun: str, *, require_one: bool
) -> tuple[str, ...]:
    if require_one and not items:
        raise ValueError("the list is empty")
    bad = [item for item in items if not pattern.match(item)]
    if bad:
        raise ValueError(f"not {noun}: {', '.join(bad)}")
    return items
