"""AWS call failures turned into `ReadError`s, so one bad region or service spoils nothing else.

Only botocore's own exceptions are caught: an AWS error answer (`ClientError`: access denied,
throttling after every retry, a missing resource) or a failure to reach AWS at all
(`BotoCoreError`: no credentials, no connection). A bug in this package still raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from botocore.exceptions import BotoCoreError, ClientError

from core.usage import ReadError

T = TypeVar("T")

MAX_MESSAGE_CHARS = 400
# Access key ids, and long base64 runs such as session tokens or encoded authorization messages.
_ACCESS_KEY_ID = re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b")
_LONG_TOKEN = re.compile(r"[A-Za-z0-9+/=]{40,}")


@dataclass(frozen=True, slots=True)
class CallSite:
    """Where a call was made, for the error report: account, region, service and operation."""

    account: str | None
    region: str
    service: str
    operation: str


def redact(text: str) -> str:
    """`text` with anything shaped like a key id or token masked, cut to a readable length."""
    masked = _LONG_TOKEN.sub("[redacted]", _ACCESS_KEY_ID.sub("[redacted]", text))
    if len(masked) > MAX_MESSAGE_CHARS:
        return masked[: MAX_MESSAGE_CHARS - 1] + "…"
    return masked


def read_error(error: ClientError | BotoCoreError, site: CallSite) -> ReadError:
    """A report line for a failed call: the AWS error code and its message, redacted."""
    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        code = str(details.get("Code") or "Unknown")
        message = str(details.get("Message") or code)
        operation = str(getattr(error, "operation_name", None) or site.operation)
    else:
        code, message, operation = type(error).__name__, str(error), site.operation
    return ReadError(
        account=site.account,
        region=site.region,
        service=site.service,
        operation=operation,
        error_code=code,
        message=redact(message),
    )


def attempt(call: Callable[[], T], site: CallSite) -> T | ReadError:
    """`call()`, or the `ReadError` it failed with."""
    try:
        return call()
    except (ClientError, BotoCoreError) as error:
        return read_error(error, site)


@dataclass(frozen=True, slots=True)
class RegionScope:
    """The account and region a group of calls runs in."""

    account: str | None
    region: str

    def site(self, service: str, operation: str) -> CallSite:
        """The call site of one operation in this scope."""
        return CallSite(self.account, self.region, service, operation)
