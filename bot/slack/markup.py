"""Slack's message markup, read at the edge into the plain text a person typed.

Slack sends `<@U123>` for a mention, `<#C123|general>` for a channel, `<https://x|label>` for a link,
and escapes `&`, `<` and `>` as `&amp;`, `&lt;` and `&gt;` in slash-command and message text (not in
view inputs). The markup is read first, then the three entities are unescaped, `&amp;` last, so
that `&amp;lt;` stays the `&lt;` the person typed.
"""

from __future__ import annotations

import re

_MARKUP = re.compile(r"<([^<>]*)>")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))
_AFTER_MENTION = " \t:,;-"  # "@compute: advise ...", "@compute, arm64?"


def plain_text(text: str, bot_user_id: str | None = None) -> str:
    """What the person typed, with the bot's own mention taken out wherever it stands.

    "hey @compute advise 3M requests" reads as "advise 3M requests": the words after the bot's
    mention, or, when nothing follows it ("arm64? @compute"), the words before it.
    """
    if bot_user_id:
        before, mention, after = _split_at_mention(text, bot_user_id)
        if mention:
            text = after.lstrip(_AFTER_MENTION) if _has_words(after) else before
    return _unescape(_MARKUP.sub(_readable, text)).strip()


def _split_at_mention(text: str, bot_user_id: str) -> tuple[str, str, str]:
    match = re.search(rf"<@{re.escape(bot_user_id)}(?:\|[^<>]*)?>", text)
    if match is None:
        return text, "", ""
    return text[: match.start()], match.group(), text[match.end() :]


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _readable(match: re.Match[str]) -> str:
    """One piece of markup as a person reads it: `@name`, `#general`, a link's label or URL."""
    inside = match.group(1)
    target, _, label = inside.partition("|")
    if target.startswith(("@U", "@W", "@B")):
        return "@" + (label or target[1:])
    if target.startswith("#C") or target.startswith("#G"):
        return "#" + (label or target[1:])
    if target.startswith("!"):
        return label or "@" + target[1:].split("^", 1)[0]
    return label or target  # a URL, a mailto:, a tel:


def _unescape(text: str) -> str:
    for entity, character in _ENTITIES:
        text = text.replace(entity, character)
    return text
