"""The workload: its model, its parser (plain words or key=value pairs) and thread follow-ups.

model        the Workload value, its kinds, bounds and how its fields are shown
text         parse_workload: one line of text into a Workload (the parser's entry)
tokens, vocabulary, quantities, words, keyvalues, kinds, reading   the parser, by concern
followup     apply_followup: "what if traffic triples?" on the last workload
pairs        a workload written back as the key=value pairs the parser reads
"""

from core.workload.followup import apply_followup, read_multiplier
from core.workload.model import ARCHES, Kind, MissingInput, Workload, field_key, validate
from core.workload.pairs import pairs_text, workload_pairs
from core.workload.text import UnreadText, parse_workload
from core.workload.tokens import MAX_TEXT_CHARS

__all__ = [
    "ARCHES",
    "MAX_TEXT_CHARS",
    "Kind",
    "MissingInput",
    "UnreadText",
    "Workload",
    "apply_followup",
    "field_key",
    "pairs_text",
    "parse_workload",
    "read_multiplier",
    "validate",
    "workload_pairs",
]
