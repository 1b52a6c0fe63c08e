"""The "advise" form: a modal whose fields hold a workload, and the text its submission stands for.

The form is read back as `key=value` text for the workload parser, so a form and a typed message
are understood the same way. A field the parser can't use is reported on its own input.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.slack.blocks.kit import Block, clip, context, plain
from core.errors import InvalidInput
from core.workload import ARCHES, Kind

FORM_CALLBACK = "advise_form"
VALUE_ACTION = "value"
MORE_BLOCK = "more"
TITLE_MAX_CHARS = 24
LABEL_MAX_CHARS = 2000
ERROR_MAX_CHARS = 300
METADATA_MAX_CHARS = 3000
# A first form shows a small web endpoint: edit it rather than start from nothing.
DEFAULT_PAIRS = {
    "kind": Kind.REQUEST.value,
    "requests": "1M",
    "duration": "100ms",
    "memory": "512MB",
    "region": "us-east-1",
    "arch": "x86_64",
}
KIND_LABELS = {
    Kind.REQUEST.value: "Request-driven (an API, a webhook)",
    Kind.SERVICE.value: "Always-on service",
    Kind.JOB.value: "Scheduled job",
}
# The text inputs: parser key, label, and what to type.
TEXT_FIELDS = (
    ("requests", "Requests a month", "3M, 250k, or 100k/day"),
    ("duration", "Time per request or run", "120ms, 1.5s or 40 minutes"),
    ("memory", "Memory", "512MB or 1.5GB"),
    ("vcpu", "vCPU (services and jobs)", "0.25, 2 or 4"),
    ("runs", "Runs a month (jobs)", "30, 2/day or 100"),
    ("region", "AWS region", "us-east-1 or eu-west-1"),
)
FIELD_BLOCKS = frozenset({"kind", "arch"} | {key for key, _, _ in TEXT_FIELDS})


class InputState(BaseModel):
    """One input's value in a view submission: typed text, or a chosen option."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    type: str
    value: str | None = None
    selected_option: dict[str, Any] | None = None

    @property
    def text(self) -> str:
        """What the person entered or chose, stripped; empty when nothing."""
        if self.selected_option is not None:
            return str(self.selected_option.get("value", "")).strip()
        return (self.value or "").strip()


FormState = Mapping[str, Mapping[str, InputState]]


def build_advise_form(pairs: Mapping[str, str] | None, origin: str) -> Block:
    """The modal, filled from a workload's pairs (or the defaults); `origin` is where to answer."""
    given = dict(DEFAULT_PAIRS if pairs is None else pairs)
    blocks: list[Block] = [
        context(["Describe the workload; I'll cost it on Lambda, Fargate and EC2."]),
        _kind_input(given.pop("kind", Kind.REQUEST.value)),
    ]
    blocks += [_text_input(key, label, hint, given.pop(key, None)) for key, label, hint in TEXT_FIELDS]
    blocks.append(_arch_input(given.pop("arch", "x86_64")))
    rest = " ".join(f"{key}={value}" for key, value in given.items())
    blocks.append(_more_input(rest))
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "private_metadata": clip(origin, METADATA_MAX_CHARS),
        "title": plain("Compute advice", TITLE_MAX_CHARS),
        "submit": plain("Advise", TITLE_MAX_CHARS),
        "close": plain("Cancel", TITLE_MAX_CHARS),
        "blocks": blocks,
    }


def form_text(state: FormState) -> str:
    """The workload text a submitted form stands for: its fields as pairs, then the free text."""
    pairs = []
    for block_id in ("kind", *(key for key, _, _ in TEXT_FIELDS), "arch"):
        value = _entered(state, block_id).replace(" ", "")
        if value:
            pairs.append(f"{block_id}={value}")
    more = _entered(state, MORE_BLOCK)
    return " ".join([*pairs, more] if more else pairs)


def form_errors(error: InvalidInput) -> dict[str, str]:
    """`response_action: errors` for a submission: the message, on the input it is about."""
    block_id = error.field if error.field in FIELD_BLOCKS else MORE_BLOCK
    if error.given is None:
        said = f"{error.field} is missing: {error.accepted}"
    else:
        said = f"{error.field}: got {clip(str(error.given), 80)!r}; {error.accepted}"
    return {block_id: clip(said, ERROR_MAX_CHARS)}


def _entered(state: FormState, block_id: str) -> str:
    block = state.get(block_id, {})
    value = block.get(VALUE_ACTION)
    return value.text if value is not None else ""


def _option(value: str, label: str) -> Block:
    return {"text": plain(label, 75), "value": value}


def _kind_input(kind: str) -> Block:
    options = [_option(value, label) for value, label in KIND_LABELS.items()]
    chosen = next((o for o in options if o["value"] == kind), options[0])
    element = {"type": "static_select", "action_id": VALUE_ACTION, "options": options}
    return _input("kind", "What is it?", element | {"initial_option": chosen}, optional=False)


def _arch_input(arch: str) -> Block:
    options = [_option(value, value) for value in ARCHES]
    chosen = next((o for o in options if o["value"] == arch), options[0])
    element = {"type": "radio_buttons", "action_id": VALUE_ACTION, "options": options}
    return _input("arch", "CPU architecture", element | {"initial_option": chosen}, optional=False)


def _text_input(key: str, label: str, hint: str, value: str | None) -> Block:
    element: Block = {"type": "plain_text_input", "action_id": VALUE_ACTION, "placeholder": plain(hint, 150)}
    element |= {"initial_value": value} if value else {}
    return _input(key, label, element, optional=True)


def _more_input(rest: str) -> Block:
    element: Block = {
        "type": "plain_text_input",
        "action_id": VALUE_ACTION,
        "multiline": True,
        "placeholder": plain("peak 100 rps · x3 · latency=sensitive · free_tier=yes", 150),
    }
    element |= {"initial_value": rest} if rest else {}
    block = _input(MORE_BLOCK, "Anything else", element, optional=True)
    return block | {"hint": plain("In words or key=value pairs, as after /compute advise", LABEL_MAX_CHARS)}


def _input(block_id: str, label: str, element: Block, *, optional: bool) -> Block:
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": plain(label, LABEL_MAX_CHARS),
        "element": element,
    }
