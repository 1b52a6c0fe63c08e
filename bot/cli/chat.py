"""The terminal chat: the same answers the Slack bot gives, one message a line, on stdin/stdout.

It works piped (no TTY) for scripts and tests; on a terminal it shows a prompt, says how to leave,
and reads lines through readline where the platform has it (line editing, and the session's
earlier lines on the up arrow). `exit`, `quit` or Ctrl-D leave; Ctrl-C drops the line being typed.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TextIO

from bot.cli.render.terminal import answer_text
from core.advice.discounts import TeamDiscounts
from core.conversation import NO_DISCOUNTS, ReplyKind, reply_to
from core.prices.catalog import PriceCatalog
from core.workload import Workload

PROMPT = "compute> "
GREETING = (
    "compute-advisor chat: type `advise <workload>`, then ask follow-ups; `help` for more.\n"
    "To leave: exit, quit or Ctrl-D."
)
LEAVE_WORDS = frozenset({"quit", "exit", "bye", "q", ":q", "/quit", "/exit", "exit()", "quit()"})
INTERRUPTED = "(the line was dropped; to leave: exit, quit or Ctrl-D)"


def run_chat(stdin: TextIO, stdout: TextIO, catalog: PriceCatalog, team: TeamDiscounts = NO_DISCOUNTS) -> int:
    """Read messages until end of input or `exit`, answering each; the last workload carries over.
    New workloads take the team's discounts (settings) where they give none."""
    interactive = stdin.isatty()
    if interactive:
        stdout.write(GREETING + "\n")
    last: Workload | None = None
    for text in _messages(stdin, stdout, interactive):
        if text.lower() in LEAVE_WORDS:
            break
        if not interactive:
            stdout.write(f"{PROMPT}{text}\n")
        reply = reply_to(text, last, catalog, team)
        last = reply.workload if reply.workload is not None else last
        if reply.kind is ReplyKind.ANSWER and reply.answer is not None:
            stdout.write(answer_text(reply.answer) + "\n\n")
        elif reply.kind is ReplyKind.ERROR:
            stdout.write(f"Sorry: {reply.text}\n\n")
        else:
            stdout.write(reply.text + "\n\n")
        stdout.flush()
    return 0


def _messages(stdin: TextIO, stdout: TextIO, interactive: bool) -> Iterator[str]:
    """Each line worth answering: blank lines and `#` comments are skipped."""
    lines = (
        _typed_lines(stdout)
        if interactive and stdin is sys.stdin
        else _piped_lines(stdin, stdout, interactive)
    )
    for line in lines:
        text = line.strip()
        if text and not text.startswith("#"):
            yield text


def _piped_lines(stdin: TextIO, stdout: TextIO, interactive: bool) -> Iterator[str]:
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = stdin.readline()
        if not line:
            return
        yield line


def _typed_lines(stdout: TextIO) -> Iterator[str]:
    """Lines typed at the terminal, through readline where it exists (not on every platform)."""
    _load_readline()
    while True:
        try:
            yield input(PROMPT)
        except EOFError:  # Ctrl-D
            stdout.write("\n")
            return
        except KeyboardInterrupt:  # Ctrl-C: drop the line, as a shell does
            stdout.write(f"\n{INTERRUPTED}\n")


def _load_readline() -> bool:
    """Importing readline gives `input` line editing and history; without it, plain lines."""
    try:
        import readline  # noqa: F401, PLC0415 - imported for its effect on input()
    except ImportError:  # Windows without pyreadline, and other builds without it
        return False
    return True
