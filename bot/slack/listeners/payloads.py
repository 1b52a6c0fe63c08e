"""Slack's payloads as frozen values: read once at the edge, so handlers never dig in raw dicts.

Each model takes what Bolt hands a listener (`command`, `body`) and keeps only what the app uses;
anything else Slack sends is ignored, so a new field in a payload breaks nothing.
"""

from __future__ import annotations

from pydantic import AliasChoices, AliasPath, BaseModel, ConfigDict, Field

from bot.slack.blocks.form import InputState
from bot.storage import ThreadKey

_FROZEN = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)
# A user's own words in a channel: a plain message, a thread reply also sent to the channel, or a
# message with a file attached.
PERSON_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})


class SlashCommand(BaseModel):
    """`/compute <text>` as Slack posts it."""

    model_config = _FROZEN

    team_id: str
    channel_id: str
    user_id: str
    text: str = ""
    response_url: str
    trigger_id: str


class ChatMessage(BaseModel):
    """An `app_mention` or `message` event: someone's words in a channel, a thread or a DM."""

    model_config = _FROZEN

    channel: str
    ts: str
    text: str = ""
    user: str | None = None
    thread_ts: str | None = None
    subtype: str | None = None
    bot_id: str | None = None
    channel_type: str | None = None

    @property
    def from_person(self) -> bool:
        """True for a person's message; False for bots (this one too) and edits, joins, deletions."""
        return self.bot_id is None and self.user is not None and self.subtype in PERSON_SUBTYPES


class MessageDelivery(BaseModel):
    """An Events API delivery of a message event, with the workspace it came from."""

    model_config = _FROZEN

    team_id: str
    event: ChatMessage

    def thread(self, team_id: str) -> ThreadKey:
        """The thread this message is in, or the one it would start, in installation `team_id`."""
        event = self.event
        return ThreadKey(team_id, event.channel, event.thread_ts or event.ts)

    def message_key(self, team_id: str) -> str:
        """What an `app_mention` and a `message` delivery of the same message, or a retry, share."""
        return f"message:{team_id}:{self.event.channel}:{self.event.ts}"


class ButtonClick(BaseModel):
    """A click on a button under an answer."""

    model_config = _FROZEN

    team_id: str = Field(validation_alias=AliasPath("team", "id"))
    user_id: str = Field(validation_alias=AliasPath("user", "id"))
    channel_id: str = Field(
        validation_alias=AliasChoices(AliasPath("channel", "id"), AliasPath("container", "channel_id"))
    )
    message_ts: str = Field(
        validation_alias=AliasChoices(AliasPath("container", "message_ts"), AliasPath("message", "ts"))
    )
    thread_ts: str | None = Field(
        None,
        validation_alias=AliasChoices(AliasPath("message", "thread_ts"), AliasPath("container", "thread_ts")),
    )
    response_url: str
    trigger_id: str
    value: str | None = Field(None, validation_alias=AliasPath("actions", 0, "value"))

    def thread(self, team_id: str) -> ThreadKey:
        """The thread of the answer clicked (its root), in installation `team_id`."""
        return ThreadKey(team_id, self.channel_id, self.thread_ts or self.message_ts)


class FormOrigin(BaseModel):
    """Where a form's answer goes: kept in the modal's private_metadata while it is open."""

    model_config = _FROZEN

    channel_id: str
    response_url: str


class FormSubmission(BaseModel):
    """The advise form, submitted."""

    model_config = _FROZEN

    team_id: str = Field(validation_alias=AliasPath("team", "id"))
    user_id: str = Field(validation_alias=AliasPath("user", "id"))
    private_metadata: str = Field(validation_alias=AliasPath("view", "private_metadata"))
    values: dict[str, dict[str, InputState]] = Field(validation_alias=AliasPath("view", "state", "values"))

    @property
    def origin(self) -> FormOrigin:
        """Where to post the answer."""
        return FormOrigin.model_validate_json(self.private_metadata)


class HomeOpened(BaseModel):
    """Someone opened the app's Home or Messages tab."""

    model_config = _FROZEN

    user: str
    tab: str = "home"
