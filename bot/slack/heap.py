"""Long-lived objects kept out of the garbage collector's full passes."""

from __future__ import annotations

import gc


def settle_heap() -> None:
    """Leave everything made so far (modules, prices, connections) out of the collector's full passes.

    They live as long as the process, and a full pass over them (tens of ms with Bolt, SQLAlchemy
    and the prices loaded) would otherwise land on whichever ack or answer runs when it comes.
    Called once a process is set up; before a fork, it also keeps the collector from writing to
    (and so copying) the pages the children share.
    """
    gc.collect()
    gc.freeze()
