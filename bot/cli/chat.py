"""The terminal chat: the same answers the Slack bot gives, one message a line, on stdin/stdout.

It works piped (no TTY) for scripts and tests; on a terminal it shows a prompt.
"""

from __future__ import annotations

from typing import TextIO

from bot.cli.render.terminal import answer_text
from core.conversation import ReplyKind, reply_to
from core.prices.catalog import PriceCatalog
from core.workload import Workload

PROMPT = "compute> "
GREETING = (
    "compute-advisor chat: type `advise <workload>`, then ask follow-ups. `help` for more, Ctrl-D to leave."
)


def run_chat(stdin: TextIO, stdout: TextIO, catalog: PriceCatalog) -> int:
    """Read messages until end of input, answering each; the last workload carries over."""
    interactive = stdin.isatty()
    if interactive:
        stdout.write(GREETING + "\n")
    last: Workload | None = None
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if text.lower() in ("quit", "exit", "bye"):
            break
        if not interactive:
            stdout.write(f"{PROMPT}{text}\n")
        reply = reply_to(text, last, catalog)
        last = reply.workload if reply.workload is not None else last
        if reply.kind is ReplyKind.ANSWER and reply.answer is not None:
            stdout.write(answer_text(reply.answer) + "\n\n")
        elif reply.kind is ReplyKind.ERROR:
            stdout.write(f"Sorry: {reply.text}\n\n")
        else:
            stdout.write(reply.text + "\n\n")
        stdout.flush()
    return 0
