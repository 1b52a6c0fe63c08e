"""Mentions and thread replies: follow-ups answered in the thread, from the stored workload.

Slack delivers a mention in a channel twice, as `app_mention` and as `message`, and retries a
delivery it thinks was lost; every delivery of one message claims the same key in the database,
and only the first claim answers.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack.blocks import build_apology
from bot.slack.listeners.boundary import listener_boundary
from bot.slack.listeners.payloads import MessageDelivery
from bot.slack.listeners.posting import reply_in_thread
from bot.slack.listeners.services import Services

DIRECT_CHANNEL_TYPE = "im"


def should_answer(services: Services, delivery: MessageDelivery, *, mentioned: bool) -> bool:
    """A mention or a DM always gets an answer; another message only in a stored answer's thread."""
    event = delivery.event
    if not event.from_person:
        return False
    if mentioned or event.channel_type == DIRECT_CHANNEL_TYPE:
        return True
    return event.thread_ts is not None and services.store.load_thread(delivery.thread) is not None


def answer_message(
    services: Services, client: WebClient, delivery: MessageDelivery, *, mentioned: bool
) -> None:
    """Answer a message once, however many times Slack delivers it."""
    if not should_answer(services, delivery, mentioned=mentioned):
        return
    if not services.store.claim_event(delivery.message_key):
        return
    reply_in_thread(services, client, delivery.thread, delivery.event.text)


def answer_delivery(services: Services, body: dict[str, Any], client: WebClient, mentioned: bool) -> None:
    """Answer one delivery of a message event, after the ack; a failure is apologised for in the thread."""
    delivery: MessageDelivery | None = None  # known once the payload is read

    def apologise() -> None:
        if delivery is not None and delivery.event.from_person:
            thread = delivery.thread
            client.chat_postMessage(channel=thread.channel_id, thread_ts=thread.thread_ts, **build_apology())

    with listener_boundary("message event", apologise):
        delivery = MessageDelivery.model_validate(body)
        answer_message(services, client, delivery, mentioned=mentioned)


def register(app: App, services: Services) -> None:
    """`app_mention` and `message` events: acked by Bolt when the listener returns, at once."""

    def on_mention(body: dict[str, Any], client: WebClient) -> None:
        services.answer_later(answer_delivery, services, body, client, True)

    def on_message(body: dict[str, Any], client: WebClient) -> None:
        services.answer_later(answer_delivery, services, body, client, False)

    app.event("app_mention")(on_mention)
    app.event("message")(on_message)
