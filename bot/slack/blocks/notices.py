"""The short answers: help, unit prices, a bad input, a command not known, and apologies."""

from __future__ import annotations

from bot.slack.blocks.kit import Message, clip, context, escape, message, preformatted, section
from core.conversation import HELP, near_command
from core.errors import InvalidInput

GIVEN_MAX_CHARS = 200
INVITE = "/invite @compute"
NOT_IN_CHANNEL_NOTE = (
    ":information_source: I'm not a member of this channel, so only you can see this answer. "
    f"To post answers here and follow up in their threads, invite me: `{INVITE}`"
)
SLASH_HELP = (
    "*/compute advise &lt;workload&gt;* costs it on Lambda, Fargate and EC2 · "
    "*/compute advise* opens a form · */compute prices [region]* · */compute help* · "
    "*/compute digest preview* shows this week's digest to you (*/compute digest* posts it: admins)\n"
    "Follow up in an answer's thread: `what if traffic triples?`, `arm64?`, `in eu-west-1` "
    "(mention me, or just reply). Under each answer: *Chart* draws cost against volume, "
    "*Try arm64* prices it on Graviton, *Edit inputs* opens the form."
)


def build_help() -> Message:
    """What the bot understands, with examples: the terminal's help, in Slack's terms."""
    return message("compute-advisor help", [section(SLASH_HELP), section(preformatted(HELP))])


def build_prices(text: str) -> Message:
    """A region's unit prices, laid out as the terminal lays them out."""
    title = text.partition("\n")[0]
    return message(title, [section(preformatted(text))])


def build_input_error(error: InvalidInput) -> Message:
    """Bad input: which field, what was given, and what would be accepted."""
    field = escape(error.field)
    if error.given is None:
        said = f":warning: *{field}* is missing."
    else:
        given = clip(str(error.given), GIVEN_MAX_CHARS).replace("`", "'")
        said = f":warning: I couldn't use *{field}*: got `{escape(given)}`"
    lines = [said, f"*Accepted:* {escape(error.accepted)}"]
    return message(
        f"{error.field}: {error.accepted}",
        [section("\n".join(lines)), context(["`/compute help` shows examples."])],
    )


def build_unknown_command(verb: str, known: tuple[str, ...]) -> Message:
    """A subcommand that doesn't exist: the one it most likely meant, else the ones that do."""
    meant = near_command(verb, known)
    commands = ", ".join(f"`{name}`" for name in known)
    hint = f"Did you mean `{meant}`?" if meant else f"Try {commands}."
    said = f":thinking_face: `/compute {escape(clip(verb, 40))}` isn't a command I know. {hint}"
    return message(said, [section(said), section(SLASH_HELP)])


def build_note(text: str, *, warning: bool = False) -> Message:
    """A short reply in a thread: a prompt, or why a follow-up couldn't be used."""
    if warning:
        return message(f"Sorry: {text}", [section(f":warning: {escape(text)}")])
    return message(text, [section(escape(text))])


def build_digest_reply(text: str) -> Message:
    """The digest command's own reply (it names channels and people as Slack links: not escaped)."""
    return message(text, [section(f":calendar: {text}")])


def build_apology() -> Message:
    """What to say when something broke on the bot's side (the details go to the log only)."""
    said = ":face_with_head_bandage: Sorry, something went wrong on my side and I couldn't answer. "
    said += "It has been logged; please try again in a moment."
    return message(said, [section(said)])


def build_lost_inputs() -> Message:
    """A button or follow-up on an answer whose workload the bot no longer has."""
    said = "I no longer have the inputs of that answer. Ask again with `/compute advise <workload>`."
    return message(said, [section(f":hourglass: {said}")])
