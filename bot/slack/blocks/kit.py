"""The Block Kit pieces every builder uses, within Slack's size limits.

Slack refuses a whole message when one block breaks a limit, so every text is clipped here, once.
Text a person typed is escaped before it goes into mrkdwn, so `<!channel>` in a workload can't
ping a channel.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Block = dict[str, Any]
Message = dict[str, Any]  # the keyword arguments of chat.postMessage: text and blocks

HEADER_MAX_CHARS = 150
SECTION_MAX_CHARS = 3000
FIELD_MAX_CHARS = 2000
CONTEXT_MAX_CHARS = 2000
FALLBACK_MAX_CHARS = 3000  # the notification text; Slack allows more, people read less
BUTTON_MAX_CHARS = 75
ELLIPSIS = "…"


def clip(text: str, max_chars: int) -> str:
    """`text`, cut to `max_chars` with an ellipsis when it is longer."""
    return text if len(text) <= max_chars else text[: max_chars - 1] + ELLIPSIS


def escape(text: str) -> str:
    """Text safe inside mrkdwn: Slack reads `&`, `<` and `>` as markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str, max_chars: int) -> dict[str, Any]:
    """A plain_text object."""
    return {"type": "plain_text", "text": clip(text, max_chars), "emoji": True}


def mrkdwn(text: str, max_chars: int = SECTION_MAX_CHARS) -> dict[str, Any]:
    """A mrkdwn text object; `text` must already be escaped."""
    return {"type": "mrkdwn", "text": clip(text, max_chars)}


def header(text: str) -> Block:
    """A header block: large bold plain text."""
    return {"type": "header", "text": plain(text, HEADER_MAX_CHARS)}


def section(text: str, block_id: str | None = None) -> Block:
    """A section of mrkdwn."""
    block: Block = {"type": "section", "text": mrkdwn(text)}
    return block | ({"block_id": block_id} if block_id else {})


def fields(texts: Iterable[str], block_id: str) -> Block:
    """A section of up to ten mrkdwn fields, which Slack lays out in two columns."""
    return {
        "type": "section",
        "block_id": block_id,
        "fields": [mrkdwn(text, FIELD_MAX_CHARS) for text in texts],
    }


def context(texts: Iterable[str]) -> Block:
    """A context block: small grey mrkdwn lines."""
    return {"type": "context", "elements": [mrkdwn(text, CONTEXT_MAX_CHARS) for text in texts]}


def bullets(title: str, items: Iterable[str]) -> str:
    """`*title*` and one escaped bullet per item."""
    return "\n".join([f"*{title}*", *(f"• {escape(item)}" for item in items)])


def preformatted(text: str) -> str:
    """Text in a code block, keeping its alignment; backticks inside can't close it."""
    return "```" + escape(text).replace("```", "'''") + "```"


def button(text: str, action_id: str, value: str = "", *, style: str | None = None) -> Block:
    """A button element."""
    element: Block = {"type": "button", "text": plain(text, BUTTON_MAX_CHARS), "action_id": action_id}
    element |= {"value": value} if value else {}
    return element | ({"style": style} if style else {})


def message(text: str, blocks: list[Block]) -> Message:
    """A message: blocks, and the text notifications and screen readers show."""
    return {"text": clip(text, FALLBACK_MAX_CHARS), "blocks": blocks}
