"""Settings come from the environment once, and a bad one is named with what it accepts."""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.settings import Settings, SettingsError, load_settings

BOT = "xoxb-1111-2222-secretbot"
APP = "xapp-1-A1-3333-secretapp"
SIGNING = "8f742231b10e8888abcd99yyyzzz85a5"
SOCKET = {"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": APP}
HTTP = {"SLACK_BOT_TOKEN": BOT, "SLACK_SIGNING_SECRET": SIGNING}


def problems(env: dict[str, str]) -> list[str]:
    with pytest.raises(SettingsError) as caught:
        load_settings(env)
    lines = str(caught.value).splitlines()
    assert lines == list(caught.value.problems)
    for secret in (BOT, APP, SIGNING, "pw-secret", "xoxp-9-secretuser"):
        assert secret not in str(caught.value)
    return lines


def test_an_empty_environment_gives_the_documented_defaults() -> None:
    settings = load_settings({})

    assert settings.mode == "terminal"
    assert settings.slack_api_url == "https://slack.com/api/"
    assert (settings.port, settings.log_level) == (3000, "INFO")
    assert settings.database_url == "sqlite:///compute-advisor.db"
    assert (settings.digest_channel, settings.digest_cron) == (None, "0 9 * * mon")
    assert settings.digest_zone == ZoneInfo("UTC")
    assert settings.aws_regions == ("us-east-1",)
    assert settings.digest_min_savings_pct == Decimal(20)
    assert settings.digest_min_savings_usd == Decimal(10)
    assert settings.digest_cost_explorer is True
    assert (settings.digest_role_arns, settings.digest_admins) == ((), ())
    assert settings.digest_lookback_days == 14


@pytest.mark.parametrize(
    ("env", "mode"),
    [
        (SOCKET, "socket"),
        (HTTP, "http"),
        (SOCKET | HTTP, "socket"),
        ({}, "terminal"),
        ({"SLACK_API_URL": "http://127.0.0.1:9/api/"}, "terminal"),
    ],
)
def test_the_mode_follows_which_slack_credentials_are_set(env: dict[str, str], mode: str) -> None:
    assert load_settings(env).mode == mode


def test_every_setting_is_read_from_its_variable() -> None:
    env = SOCKET | {
        "SLACK_API_URL": "https://slack-gov.com/api",
        "PORT": "8080",
        "DATABASE_URL": "postgresql+psycopg://advisor:pw-secret@db/advisor",
        "LOG_LEVEL": "debug",
        "DIGEST_CHANNEL": "C0123ABCD",
        "DIGEST_CRON": "30 8 * * mon-fri",
        "DIGEST_TIMEZONE": "Europe/Berlin",
        "AWS_REGIONS": "us-east-1, eu-west-1 ,us-gov-west-1",
        "DIGEST_MIN_SAVINGS_PCT": "12.5",
        "DIGEST_MIN_SAVINGS_USD": "0",
        "DIGEST_COST_EXPLORER": "false",
        "DIGEST_ROLE_ARNS": "arn:aws:iam::123456789012:role/reader,"
        "arn:aws-us-gov:iam::210987654321:role/team/reader",
        "DIGEST_ADMINS": "U0123ABCD,W0456EFGH",
        "DIGEST_LOOKBACK_DAYS": "30",
    }

    settings = load_settings(env)

    assert settings.slack_bot_token is not None
    assert settings.slack_bot_token.get_secret_value() == BOT
    assert settings.slack_api_url == "https://slack-gov.com/api/"
    assert (settings.port, settings.log_level, settings.digest_channel) == (8080, "DEBUG", "C0123ABCD")
    assert settings.database_url.endswith("@db/advisor")
    assert settings.digest_zone == ZoneInfo("Europe/Berlin")
    assert settings.aws_regions == ("us-east-1", "eu-west-1", "us-gov-west-1")
    assert settings.digest_min_savings_pct == Decimal("12.5")
    assert settings.digest_cost_explorer is False
    assert len(settings.digest_role_arns) == 2
    assert settings.digest_admins == ("U0123ABCD", "W0456EFGH")
    assert settings.digest_lookback_days == 30


def test_names_are_matched_whatever_their_case_and_empty_values_count_as_unset() -> None:
    settings = load_settings({"slack_bot_token": BOT, "Slack_App_Token": APP, "PORT": ""})

    assert (settings.mode, settings.port) == ("socket", 3000)


def test_secrets_never_show_in_the_settings_repr() -> None:
    env = SOCKET | HTTP | {"DATABASE_URL": "postgresql://advisor:pw-secret@db/advisor"}

    shown = repr(load_settings(env)) + str(load_settings(env))

    for secret in (BOT, APP, SIGNING, "pw-secret"):
        assert secret not in shown


def test_settings_are_frozen() -> None:
    settings = load_settings({})

    with pytest.raises(ValueError, match="frozen"):
        settings.port = 1


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"SLACK_BOT_TOKEN": "xoxp-9-secretuser", "SLACK_APP_TOKEN": APP}, "SLACK_BOT_TOKEN: must start with xoxb-; the value given looks like a user token"),
        ({"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": BOT}, "SLACK_APP_TOKEN: must start with xapp-; the value given looks like a bot token"),
        ({"SLACK_BOT_TOKEN": BOT}, "SLACK_SIGNING_SECRET: required in HTTP mode"),
        ({"SLACK_SIGNING_SECRET": SIGNING}, "SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET is set"),
        ({"SLACK_APP_TOKEN": APP}, "SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN is set"),
        ({"PORT": "70000"}, "PORT: input should be less than or equal to 65535 (got '70000'); accepted: a TCP port"),
        ({"PORT": "http"}, "PORT: input should be a valid integer"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT: input should be 'text' or 'json' (got 'xml')"),
        ({"SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL: not an http(s) URL"),
        ({"DATABASE_URL": "mysql://root:pw-secret@db/x"}, "DATABASE_URL: the 'mysql' database is not supported; accepted: sqlite:///"),
        ({"DATABASE_URL": "pw-secret"}, "DATABASE_URL: not a database URL; accepted"),
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL: input should be 'DEBUG'"),
        ({"DIGEST_CHANNEL": "#finops"}, "DIGEST_CHANNEL: not a channel ID"),
        ({"DIGEST_CRON": "0 9 * *"}, "DIGEST_CRON: wrong number of fields; got 4, expected 5"),
        ({"DIGEST_CRON": "0 25 * * mon"}, "DIGEST_CRON: error validating expression '25'"),
        ({"DIGEST_CRON": "0 9 * * 1"}, "DIGEST_CRON: the day of week must use names"),
        ({"DIGEST_TIMEZONE": "Europe/Atlantis"}, "DIGEST_TIMEZONE: not a known time zone (got 'Europe/Atlantis'); accepted: an IANA time zone"),
        ({"DIGEST_TIMEZONE": "../etc/passwd"}, "DIGEST_TIMEZONE: not a known time zone"),
        ({"AWS_REGIONS": "us-east-1,Frankfurt"}, "AWS_REGIONS: not a region code: Frankfurt"),
        ({"AWS_REGIONS": " , "}, "AWS_REGIONS: the list is empty"),
        ({"DIGEST_MIN_SAVINGS_PCT": "101"}, "DIGEST_MIN_SAVINGS_PCT: input should be less than or equal to 100"),
        ({"DIGEST_MIN_SAVINGS_USD": "-1"}, "DIGEST_MIN_SAVINGS_USD: input should be greater than or equal to 0"),
        ({"DIGEST_MIN_SAVINGS_USD": "NaN"}, "DIGEST_MIN_SAVINGS_USD: "),
        ({"DIGEST_COST_EXPLORER": "sometimes"}, "DIGEST_COST_EXPLORER: input should be a valid boolean"),
        ({"DIGEST_ROLE_ARNS": "arn:aws:iam::123:role/x"}, "DIGEST_ROLE_ARNS: not an IAM role ARN: arn:aws:iam::123:role/x"),
        ({"DIGEST_ADMINS": "U0123ABCD,@alice"}, "DIGEST_ADMINS: not a Slack user ID: @alice"),
        ({"DIGEST_LOOKBACK_DAYS": "0"}, "DIGEST_LOOKBACK_DAYS: input should be greater than or equal to 1"),
    ],
)  # fmt: skip
def test_a_bad_setting_is_named_with_what_it_accepts(env: dict[str, str], expected: str) -> None:
    [line] = problems(env)

    assert line.startswith(expected)
    assert "accepted:" in line or "required" in line


def test_every_problem_is_reported_at_once_one_per_line() -> None:
    env = {
        "SLACK_BOT_TOKEN": "xoxp-9-secretuser",
        "PORT": "0",
        "DIGEST_TIMEZONE": "Mars/Olympus",
        "DIGEST_CRON": "every monday",
    }

    lines = problems(env)

    assert [line.split(":")[0] for line in lines] == [
        "SLACK_SIGNING_SECRET",
        "SLACK_BOT_TOKEN",
        "PORT",
        "DIGEST_CRON",
        "DIGEST_TIMEZONE",
    ]


def test_a_bad_token_is_reported_without_its_value() -> None:
    [line] = problems({"SLACK_BOT_TOKEN": "pw-secret", "SLACK_APP_TOKEN": APP})

    assert line == (
        "SLACK_BOT_TOKEN: must start with xoxb-; "
        "accepted: a bot token starting with xoxb- (OAuth & Permissions page)"
    )


def test_load_reads_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING)
    monkeypatch.setenv("AWS_REGIONS", "eu-west-1,eu-central-1")

    settings = Settings.load()

    assert settings.mode == "http"
    assert settings.aws_regions == ("eu-west-1", "eu-central-1")


def test_a_settings_object_built_directly_reads_comma_lists_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DIGEST_ADMINS", "U1,U2")

    assert Settings().digest_admins == ("U1", "U2")


def test_a_settings_object_built_directly_still_refuses_a_half_configured_slack(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLACK_APP_TOKEN", APP)
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)

    with pytest.raises(ValueError, match="SLACK_BOT_TOKEN: required"):
        Settings()


def test_secrets_can_come_from_files_in_secrets_dir_and_the_environment_wins(tmp_path):
    (tmp_path / "SLACK_BOT_TOKEN").write_text("xoxb-from-a-file\n")
    (tmp_path / "slack_signing_secret").write_text("s" * 20)
    (tmp_path / "DATABASE_URL").write_text("postgresql://u:hunter2@db/x")
    env = {"SECRETS_DIR": str(tmp_path), "DATABASE_URL": "sqlite:///from-env.db"}

    settings = load_settings(env)

    assert settings.slack_bot_token is not None
    assert settings.slack_bot_token.get_secret_value() == "xoxb-from-a-file"
    assert settings.mode == "http"
    assert settings.database_url == "sqlite:///from-env.db"


def test_a_secrets_dir_that_is_not_there_is_named(tmp_path):
    with pytest.raises(SettingsError, match="SECRETS_DIR: not a directory"):
        load_settings({"SECRETS_DIR": str(tmp_path / "missing")})


def test_log_format_is_text_or_json():
    assert load_settings({}).log_format == "text"
    assert load_settings({"LOG_FORMAT": "JSON"}).log_format == "json"
    with pytest.raises(SettingsError, match="LOG_FORMAT"):
        load_settings({"LOG_FORMAT": "xml"})


@pytest.mark.parametrize(
    ("given", "fraction"), [("30%", "0.3"), ("0.3", "0.3"), ("30", "0.3"), ("12.5 %", "0.125")]
)
def test_the_team_s_discounts_are_fractions_off_list_however_written(given: str, fraction: str) -> None:
    settings = load_settings({"COMPUTE_EC2_DISCOUNT": given, "COMPUTE_LAMBDA_DISCOUNT": "12%"})

    team = settings.team_discounts
    assert (team.ec2, team.fargate, team.lambda_) == (Decimal(fraction), None, Decimal("0.12"))


@pytest.mark.parametrize("given", ["150%", "-5%", "a lot"])
def test_a_discount_that_is_not_a_fraction_off_list_is_named(given: str) -> None:
    [line] = problems({"COMPUTE_FARGATE_DISCOUNT": given})

    assert line.startswith("COMPUTE_FARGATE_DISCOUNT: ")
    assert "such as 20% or 0.2" in line
