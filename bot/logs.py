"""Logging for the long-running app: one line a record, with every secret taken out.

The redaction is in the formatter, so it covers every logger (Bolt's, slack_sdk's, ours) and the
tracebacks too: a token that ends up in an exception message never reaches the log either.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from sqlalchemy.engine import make_url

from bot.settings import Settings

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "[redacted]"
# Slack tokens of every kind (bot, user, app-level, refresh, configuration) have these shapes.
SLACK_TOKEN = re.compile(r"\bx(?:ox[a-z]|app)-[A-Za-z0-9-]+")


class RedactingFormatter(logging.Formatter):
    """A formatter that blanks out the given secrets and anything shaped like a Slack token."""

    def __init__(self, secrets: Iterable[str], fmt: str = LOG_FORMAT) -> None:
        super().__init__(fmt)
        # Longest first, so a secret that contains another is blanked whole.
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        """The record as a line (and traceback), with secrets replaced."""
        return self.redact(super().format(record))

    def redact(self, text: str) -> str:
        """`text` without any secret in it."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return SLACK_TOKEN.sub(REDACTED, text)


def secret_values(settings: Settings) -> list[str]:
    """Every secret the settings hold: the tokens, the signing secret, the database password."""
    values = [
        secret.get_secret_value()
        for secret in (settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token)
        if secret is not None
    ]
    password = make_url(settings.database_url).password
    return [*values, str(password)] if password else values


def configure_logging(settings: Settings) -> None:
    """Send every log record to stderr at `LOG_LEVEL`, redacted."""
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(secret_values(settings)))
    logging.basicConfig(level=settings.log_level, handlers=[handler], force=True)
