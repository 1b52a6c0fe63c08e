"""Logging for the long-running app: one line a record, with every secret taken out.

Both formats (LOG_FORMAT: `text`, or `json` as log platforms expect) are one line a record, so a
newline or another control character in anything logged (a path someone requested, an exception's
message, a traceback) is escaped and can't forge a line of its own. The redaction is in the
formatter, so it covers every logger (Bolt's, slack_sdk's, granian's, ours) and the tracebacks
too: a token that ends up in an exception message never reaches the log either.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy.engine import make_url

from bot.settings import Settings

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "[redacted]"
# Slack tokens of every kind (bot, user, app-level, refresh, configuration) have these shapes.
SLACK_TOKEN = re.compile(r"\bx(?:ox[a-z]|app)-[A-Za-z0-9-]+")
# C0 and C1 control characters and DEL, the line and paragraph separators, and the backslash
# itself (so that an escape in the log always means one was made).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\\]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def escape_controls(text: str) -> str:
    """`text` on one line: newlines, other control characters and backslashes escaped."""
    return _CONTROL.sub(lambda m: _NAMED.get(m.group(), f"\\x{ord(m.group()):02x}"), text)


class RedactingFormatter(logging.Formatter):
    """One line a record, as text: secrets blanked out, control characters escaped."""

    def __init__(self, secrets: Iterable[str], fmt: str = TEXT_FORMAT) -> None:
        super().__init__(fmt)
        # Longest first, so a secret that contains another is blanked whole.
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        """The record (and traceback) as one line, with secrets replaced."""
        return escape_controls(self.redact(super().format(record)))

    def redact(self, text: str) -> str:
        """`text` without any secret in it."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return SLACK_TOKEN.sub(REDACTED, text)


class JsonFormatter(RedactingFormatter):
    """One JSON object a record: time, level, logger, message, and the traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line (json.dumps escapes every control character)."""
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": self.redact(record.getMessage()),
        }
        if record.exc_info:
            entry["exception"] = self.redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def secret_values(settings: Settings) -> list[str]:
    """Every secret the settings hold: the tokens, the signing secret, the database password."""
    values = [
        secret.get_secret_value()
        for secret in (settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token)
        if secret is not None
    ]
    password = make_url(settings.database_url).password
    return [*values, str(password)] if password else values


def log_formatter(settings: Settings) -> logging.Formatter:
    """The formatter LOG_FORMAT asks for, knowing the settings' secrets."""
    secrets = secret_values(settings)
    return JsonFormatter(secrets) if settings.log_format == "json" else RedactingFormatter(secrets)


def configure_logging(settings: Settings) -> None:
    """Send every log record to stderr at `LOG_LEVEL`, one line each, redacted."""
    handler = logging.StreamHandler()
    handler.setFormatter(log_formatter(settings))
    logging.basicConfig(level=settings.log_level, handlers=[handler], force=True)
    # Alembic announces each of its autogenerate plugins at INFO when it is imported; its
    # migrations' own lines ("Running upgrade 0001 -> 0002") stay.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
