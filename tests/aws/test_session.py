"""How many times a client tries a call: the reader's 11, unless boto3's configuration says."""

from __future__ import annotations

import pytest

from core.aws.session import TOTAL_ATTEMPTS, make_client, make_session

OFFLINE = {
    "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AWS_CONFIG_FILE": "/nonexistent/aws-config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials",
}


def attempts(monkeypatch: pytest.MonkeyPatch, **env: str) -> tuple[str, int]:
    monkeypatch.delenv("AWS_MAX_ATTEMPTS", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    for name, value in (OFFLINE | env).items():
        monkeypatch.setenv(name, value)
    retries = make_client(make_session(None, "eu-west-1"), "cloudwatch", "eu-west-1").meta.config.retries
    return retries["mode"], retries["total_max_attempts"]


def test_a_call_is_tried_eleven_times_in_adaptive_mode_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    assert attempts(monkeypatch) == ("adaptive", TOTAL_ATTEMPTS) == ("adaptive", 11)


@pytest.mark.parametrize("count", ["1", "4"])
def test_aws_max_attempts_is_honoured_as_botocore_honours_it(
    monkeypatch: pytest.MonkeyPatch, count: str
) -> None:
    assert attempts(monkeypatch, AWS_MAX_ATTEMPTS=count) == ("adaptive", int(count))
