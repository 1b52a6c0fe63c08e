"""Mentions and thread replies: follow-ups answered in the thread, from the stored workload.

Slack delivers a mention in a channel twice, as `app_mention` and as `message`, and retries a
delivery it thinks was lost; every delivery of one message claims the same key in the database,
and only the first claim answers.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.slack.blocks import build_apology
from bot.slack.listeners.boundary import listener_boundary
from bot.slack.listeners.payloads import MessageDelivery
from bot.slack.listeners.posting import reply_in_thread
from bot.slack.listeners.services import Services, installation_id
from bot.slack.markup import plain_text
from bot.storage import ThreadKey

DIRECT_CHANNEL_TYPE = "im"


def should_answer(
    services: Services, delivery: MessageDelivery, thread: ThreadKey, *, mentioned: bool
) -> bool:
    """A mention or a DM always gets an answer; another message only in a stored answer's thread."""
    event = delivery.event
    if not event.from_person:
        return False
    if mentioned or event.channel_type == DIRECT_CHANNEL_TYPE:
        return True
    return event.thread_ts is not None and services.store.load_thread(thread) is not None


def answer_message(
    services: Services, client: WebClient, delivery: MessageDelivery, context: BoltContext, *, mentioned: bool
) -> None:
    """Answer a message once, however many times Slack delivers it."""
    thread = delivery.thread(installation_id(context))
    if not should_answer(services, delivery, thread, mentioned=mentioned):
        return
    text = plain_text(delivery.event.text, context.bot_user_id)
    if not text and not mentioned:  # a file shared with no words: nothing to answer
        return
    if not services.store.claim_event(delivery.message_key(thread.team_id)):
        return
    reply_in_thread(services, client, thread, text)


def answer_delivery(
    services: Services, body: dict[str, Any], client: WebClient, context: BoltContext, *, mentioned: bool
) -> None:
    """Answer one delivery of a message event, after the ack; a failure is apologised for in the thread."""
    delivery: MessageDelivery | None = None  # known once the payload is read

    def apologise() -> None:
        if delivery is not None and delivery.event.from_person:
            thread = delivery.thread(installation_id(context))
            client.chat_postMessage(channel=thread.channel_id, thread_ts=thread.thread_ts, **build_apology())

    with listener_boundary("message event", apologise):
        delivery = MessageDelivery.model_validate(body)
        answer_message(services, client, delivery, context, mentioned=mentioned)


def register(app: App, services: Services) -> None:
    """`app_mention` and `message` events: acked at once; answered by lazy listeners."""

    def ack_now(ack: Ack) -> None:
        ack()

    def on_mention(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        answer_delivery(services, body, client, context, mentioned=True)

    def on_message(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        answer_delivery(services, body, client, context, mentioned=False)

    app.event("app_mention")(ack=ack_now, lazy=[on_mention])
    app.event("message")(ack=ack_now, lazy=[on_message])
