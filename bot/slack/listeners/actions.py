"""The buttons under an answer (Chart, Try arm64, Edit inputs) and under a digest note (Open)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.chart import render_png
from bot.digest import OPEN_NOTE_ACTION
from bot.slack.blocks import (
    ARM64_ACTION,
    CHART_ACTION,
    EDIT_ACTION,
    Message,
    build_advise_form,
    build_apology,
    build_input_error,
    build_lost_inputs,
)
from bot.slack.listeners.boundary import listener_boundary, tell_privately
from bot.slack.listeners.payloads import ButtonClick, FormOrigin
from bot.slack.listeners.posting import post_answer, reply_in_thread
from bot.slack.listeners.services import Services, installation_id
from bot.storage import ThreadKey
from core.advice import advise
from core.advice.chart import chart_data
from core.conversation import fresh_answer
from core.errors import InvalidInput
from core.workload import Workload, workload_pairs

CHART_FILENAME = "compute-advisor-chart.png"
ARM64_FOLLOWUP = "arm64"


@dataclass(frozen=True)
class ButtonCall:
    """One click, and how to answer it: in the thread, or privately to whoever clicked."""

    services: Services
    client: WebClient
    click: ButtonClick
    respond: Respond
    team_id: str  # the installation's: see installation_id

    @property
    def thread(self) -> ThreadKey:
        """The thread of the answer clicked."""
        return self.click.thread(self.team_id)

    def tell(self, said: Message) -> None:
        """Answer only the person who clicked."""
        tell_privately(self.respond, said)

    def workload(self) -> Workload | None:
        """The workload of the answer clicked (by its own ts, whatever the thread said since); if it
        is gone, say so and return None."""
        click = self.click
        workload = self.services.answer_workload(self.team_id, click.channel_id, click.message_ts)
        if workload is None:
            self.tell(build_lost_inputs())
        return workload


def draw_chart(call: ButtonCall) -> None:
    """Upload the cost chart of the answer's workload into its thread."""
    workload = call.workload()
    if workload is None:
        return
    catalog = call.services.catalog
    try:
        data = chart_data(advise(workload, catalog), catalog)
    except InvalidInput as error:
        call.tell(build_input_error(error))
        return
    with call.services.chart_lock:
        png = render_png(data)
    thread = call.thread
    call.client.files_upload_v2(
        channel=thread.channel_id,
        thread_ts=thread.thread_ts,
        content=png,
        filename=CHART_FILENAME,
        title=data.title,
        alt_txt=data.title,
    )


def try_arm64(call: ButtonCall) -> None:
    """The follow-up "arm64" to the answer clicked, answered in its thread."""
    workload = call.workload()
    if workload is not None:
        reply_in_thread(call.services, call.client, call.thread, ARM64_FOLLOWUP, workload)


def edit_inputs(call: ButtonCall) -> None:
    """Open the form, filled with the answer's workload; its answer goes to the same channel."""
    workload = call.workload()
    if workload is None:
        return
    origin = FormOrigin(channel_id=call.click.channel_id, response_url=call.click.response_url)
    form = build_advise_form(workload_pairs(workload), origin.model_dump_json())
    call.client.views_open(trigger_id=call.click.trigger_id, view=form)


def open_digest_note(call: ButtonCall) -> None:
    """A digest note's workload, answered as a new advice message (its own thread) in the channel."""
    try:
        workload = Workload.from_dict(json.loads(call.click.value or ""))
    except (InvalidInput, ValueError, TypeError):
        call.tell(build_lost_inputs())
        return
    try:
        reply = fresh_answer(workload, call.services.catalog)
    except InvalidInput as error:
        call.tell(build_input_error(error))
        return
    assert reply.answer is not None  # fresh_answer always answers
    channel = (call.team_id, call.click.channel_id)
    post_answer(
        call.services, call.client, channel, answer=reply.answer, workload=workload, respond=call.respond
    )


Button = Callable[[ButtonCall], None]
BUTTONS: dict[str, Button] = {
    CHART_ACTION: draw_chart,
    ARM64_ACTION: try_arm64,
    EDIT_ACTION: edit_inputs,
    OPEN_NOTE_ACTION: open_digest_note,
}


def answer_click(
    services: Services,
    button: Button,
    body: dict[str, Any],
    client: WebClient,
    respond: Respond,
    *,
    context: BoltContext,
) -> None:
    """Serve one click, after the ack; a failure is apologised for to whoever clicked."""

    def apologise() -> None:
        tell_privately(respond, build_apology())

    with listener_boundary(f"{button.__name__} button", apologise):
        click = ButtonClick.model_validate(body)
        button(ButtonCall(services, client, click, respond, installation_id(context)))


def register(app: App, services: Services) -> None:
    """The buttons: each click acked at once; served by a lazy listener, on the app's pool."""

    def ack_now(ack: Ack) -> None:
        ack()

    def serving(button: Button) -> Callable[..., None]:
        # Bolt passes a lazy listener the arguments its parameters name, and nothing else.
        def serve(body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext) -> None:
            answer_click(services, button, body, client, respond, context=context)

        return serve

    for action_id, button in BUTTONS.items():
        app.action(action_id)(ack=ack_now, lazy=[serving(button)])
