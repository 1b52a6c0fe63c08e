"""settle_heap: what a process has made by the end of its set-up is left out of full collections."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from bot.slack.heap import settle_heap


class Made:
    """An object the collector tracks (instances of plain classes are)."""


@pytest.fixture
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()  # the rest of the test session collects as usual


def test_objects_made_before_settling_are_frozen_and_later_ones_are_not(unfrozen):
    before = Made()
    settle_heap()
    after = Made()

    tracked = {id(obj) for obj in gc.get_objects()}
    assert gc.get_freeze_count() > 0
    assert id(before) not in tracked
    assert id(after) in tracked


def test_garbage_made_before_settling_is_collected_rather_than_frozen(unfrozen):
    cycle = Made()
    cycle.itself = cycle  # type: ignore[attr-defined]  # only a full collection frees a cycle
    gone = weakref.ref(cycle)
    del cycle

    settle_heap()

    assert gone() is None
