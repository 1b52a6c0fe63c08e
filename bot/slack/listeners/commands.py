"""`/compute`: ack at once, then route the first word to a subcommand.

The router is the mapping `SUBCOMMANDS`: a new subcommand (the weekly digest's, say) is one
function taking a `CommandCall` and one line in it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.digest.command import digest_command
from bot.slack.blocks import (
    Message,
    build_advise_form,
    build_apology,
    build_digest_reply,
    build_help,
    build_input_error,
    build_prices,
    build_unknown_command,
)
from bot.slack.listeners.boundary import listener_boundary, tell_privately
from bot.slack.listeners.payloads import FormOrigin, SlashCommand
from bot.slack.listeners.posting import post_answer
from bot.slack.listeners.services import Services, installation_id
from bot.slack.markup import plain_text
from bot.storage import utc_now
from core.conversation import fresh_answer, prices_text, split_command
from core.errors import InvalidInput
from core.workload import parse_workload

DIGEST_MODES = {"": False, "now": False, "preview": True}
COMMAND = "/compute"
log = logging.getLogger("compute_advisor.slack")
DEFAULT_PRICES_REGION = "us-east-1"


@dataclass(frozen=True)
class CommandCall:
    """One `/compute` invocation: what was typed after the subcommand, and how to answer."""

    command: SlashCommand
    rest: str
    client: WebClient
    respond: Respond
    services: Services
    team_id: str  # the installation's: see installation_id

    def tell(self, said: Message) -> None:
        """Answer only the person who typed the command."""
        tell_privately(self.respond, said)


Subcommand = Callable[[CommandCall], None]


def advise(call: CommandCall) -> None:
    """Cost the workload and post the answer in the channel; with no text, open the form."""
    command = call.command
    if not call.rest:
        origin = FormOrigin(channel_id=command.channel_id, response_url=command.response_url)
        form = build_advise_form(None, origin.model_dump_json())
        call.client.views_open(trigger_id=command.trigger_id, view=form)
        return
    try:
        workload = parse_workload(call.rest)
        reply = fresh_answer(workload, call.services.catalog)
    except InvalidInput as error:
        call.tell(build_input_error(error))
        return
    assert reply.answer is not None  # fresh_answer always answers
    channel = (call.team_id, command.channel_id)
    post_answer(
        call.services, call.client, channel, answer=reply.answer, workload=workload, respond=call.respond
    )


def show_help(call: CommandCall) -> None:
    """What the bot understands."""
    call.tell(build_help())


def show_prices(call: CommandCall) -> None:
    """The unit prices of one region (us-east-1 unless named)."""
    try:
        text = prices_text(call.services.catalog, call.rest or DEFAULT_PRICES_REGION)
    except InvalidInput as error:
        call.tell(build_input_error(error))
        return
    call.tell(build_prices(text))


def run_digest(call: CommandCall) -> None:
    """`/compute digest`: post this week's digest now (digest admins); `preview`: show it to the caller."""
    mode = call.rest.strip().lower()
    if mode not in DIGEST_MODES:
        accepted = "nothing (post it now, digest admins only) or preview (shown to you alone)"
        call.tell(build_input_error(InvalidInput("digest", call.rest, accepted)))
        return
    command, services = call.command, call.services
    reply = digest_command(
        call.client,
        services.store,
        services.settings,
        channel_id=command.channel_id,
        user_id=command.user_id,
        preview=DIGEST_MODES[mode],
        now=utc_now(),
        usage_source=services.usage_source,
    )
    if reply is not None:
        call.tell(build_digest_reply(reply))


SUBCOMMANDS: Mapping[str, Subcommand] = {
    "advise": advise,
    "help": show_help,
    "prices": show_prices,
    "digest": run_digest,
}


def run_command(call: CommandCall) -> None:
    """Route `/compute <verb> <rest>` to its subcommand; no verb gets help, an unknown one says so."""
    verb = split_command(call.command.text)[0]
    if not verb:
        show_help(call)
        return
    subcommand = SUBCOMMANDS.get(verb)
    if subcommand is None:
        call.tell(build_unknown_command(verb, tuple(SUBCOMMANDS)))
        return
    subcommand(call)


def answer_command(
    services: Services, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
) -> None:
    """Answer one `/compute`, once per trigger_id (a replay, even signed afresh, is not answered
    again); whatever goes wrong, the person hears back."""

    def apologise() -> None:
        tell_privately(respond, build_apology())

    with listener_boundary(f"{COMMAND} command", apologise):
        command = SlashCommand.model_validate(body)
        if not services.store.claim_event(f"command:{command.trigger_id}"):
            log.info("slash command %s was already answered: a replay", command.trigger_id)
            return
        command = command.model_copy(update={"text": plain_text(command.text, context.bot_user_id)})
        rest = split_command(command.text)[1]
        run_command(CommandCall(command, rest, client, respond, services, installation_id(context)))


def register(app: App, services: Services) -> None:
    """`/compute`: acked at once; answered by a lazy listener, on the app's pool."""

    def ack_now(ack: Ack) -> None:
        ack()

    def answer(body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext) -> None:
        answer_command(services, body, client, respond, context)

    app.command(COMMAND)(ack=ack_now, lazy=[answer])
