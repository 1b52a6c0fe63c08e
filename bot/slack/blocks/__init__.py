"""Block Kit from core results: pure `build_*` functions returning the dicts Slack's API takes."""

from bot.slack.blocks.advice import ARM64_ACTION, CHART_ACTION, EDIT_ACTION, build_advice_message
from bot.slack.blocks.form import FORM_CALLBACK, build_advise_form, form_errors, form_text
from bot.slack.blocks.home import DigestFacts, HomeFacts, build_home
from bot.slack.blocks.kit import Block, Message
from bot.slack.blocks.notices import (
    NOT_IN_CHANNEL_NOTE,
    build_apology,
    build_digest_reply,
    build_help,
    build_input_error,
    build_lost_inputs,
    build_note,
    build_prices,
    build_unknown_command,
)

__all__ = [
    "ARM64_ACTION",
    "CHART_ACTION",
    "EDIT_ACTION",
    "FORM_CALLBACK",
    "NOT_IN_CHANNEL_NOTE",
    "Block",
    "DigestFacts",
    "HomeFacts",
    "Message",
    "build_advice_message",
    "build_advise_form",
    "build_apology",
    "build_digest_reply",
    "build_help",
    "build_home",
    "build_input_error",
    "build_lost_inputs",
    "build_note",
    "build_prices",
    "build_unknown_command",
    "form_errors",
    "form_text",
]
