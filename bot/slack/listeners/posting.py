"""Posting answers: a new one in a channel, or a reply in a thread; and remembering what each said.

An answer is posted first and its workload stored after (Slack gives the ts only then). Storing is
retried (`Services.remember`); once Slack has the answer, nothing that fails later is an error to
the person.
"""

from __future__ import annotations

from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.blocks import (
    NOT_IN_CHANNEL_NOTE,
    Message,
    build_advice_message,
    build_help,
    build_note,
    build_prices,
)
from bot.slack.listeners.boundary import tell_privately
from bot.slack.listeners.services import Services
from bot.storage import ThreadKey
from core.answer import Answer
from core.conversation import Reply, ReplyKind, reply_to
from core.workload import Workload

# chat.postMessage's errors for a channel the bot can't post in: it isn't a member, or it can't
# see the channel at all (a private channel, or a DM between two people).
NOT_A_MEMBER = frozenset({"not_in_channel", "channel_not_found"})


def advice_message(answer: Answer, workload: Workload) -> Message:
    """The answer's message, offering arm64 only when the workload isn't on it already."""
    return build_advice_message(answer, offer_arm64=workload.arch != "arm64")


def post_answer(
    services: Services,
    client: WebClient,
    channel: tuple[str, str],
    *,
    answer: Answer,
    workload: Workload,
    respond: Respond,
) -> str | None:
    """Post a new answer in `channel` (installation team ID, channel ID); remember its workload by its ts.

    Where the bot isn't a member, answer only the person, through `respond`, and say how to invite
    it. The ts of the answer, or None when it went through `respond`.
    """
    team_id, channel_id = channel
    try:
        said = advice_message(answer, workload)
        posted = client.chat_postMessage(channel=channel_id, unfurl_links=False, **said)
    except SlackApiError as error:
        if error.response.get("error") not in NOT_A_MEMBER:
            raise
        private = build_advice_message(answer, buttons=False, note=NOT_IN_CHANNEL_NOTE)
        tell_privately(respond, private)
        return None
    ts = str(posted["ts"])
    services.remember(ThreadKey(team_id, channel_id, ts), workload, ts)
    return ts


def reply_in_thread(
    services: Services, client: WebClient, thread: ThreadKey, text: str, last: Workload | None = None
) -> None:
    """Answer `text` in `thread`, from `last` or else the thread's stored workload."""
    known = last if last is not None else services.thread_workload(thread)
    reply = reply_to(text, known, services.catalog, services.settings.team_discounts)
    post_reply(services, client, thread, reply)


def post_reply(services: Services, client: WebClient, thread: ThreadKey, reply: Reply) -> None:
    """Post one reply in a thread; an answer's workload becomes the thread's, and is kept by its ts."""
    if reply.kind is ReplyKind.ANSWER and reply.answer is not None and reply.workload is not None:
        posted = client.chat_postMessage(
            channel=thread.channel_id,
            thread_ts=thread.thread_ts,
            unfurl_links=False,
            **advice_message(reply.answer, reply.workload),
        )
        services.remember(thread, reply.workload, str(posted["ts"]))
        return
    client.chat_postMessage(channel=thread.channel_id, thread_ts=thread.thread_ts, **reply_message(reply))


def reply_message(reply: Reply) -> Message:
    """Any reply but an answer, as a message for a thread."""
    if reply.kind is ReplyKind.HELP:
        return build_help()
    if reply.kind is ReplyKind.PRICES:
        return build_prices(reply.text)
    return build_note(reply.text, warning=reply.kind is ReplyKind.ERROR)
