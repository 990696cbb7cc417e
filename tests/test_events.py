"""gui.state.events.Event: bound methods are held weakly (a view that is gone stops
listening), plain functions strongly, and one failing callback neither stops the others nor
the emitter."""

from __future__ import annotations

import gc
import logging

import pytest

from gui.state.events import Event


class View:
    def __init__(self, seen: list):
        self.seen = seen

    def on_change(self, value) -> None:
        self.seen.append(value)


def test_a_garbage_collected_view_is_no_longer_called_nor_counted():
    event, seen = Event(), []
    view = View(seen)
    event.connect(view.on_change)
    event.emit(1)
    del view
    gc.collect()
    event.emit(2)
    assert seen == [1]
    assert len(event) == 0


def test_a_connected_view_is_not_kept_alive_by_the_event():
    import weakref

    event = Event()
    view = View([])
    event.connect(view.on_change)
    alive = weakref.ref(view)
    del view
    gc.collect()
    assert alive() is None


def test_plain_functions_and_lambdas_stay_connected_without_another_reference():
    event, seen = Event(), []
    event.connect(lambda value: seen.append(("lambda", value)))

    def local(value):
        seen.append(("function", value))

    event.connect(local)
    del local
    gc.collect()
    event.emit(3)
    assert seen == [("lambda", 3), ("function", 3)]


def test_a_bound_method_connects_once_and_disconnects():
    event, seen = Event(), []
    view = View(seen)
    event.connect(view.on_change)
    event.connect(view.on_change)
    event.emit(1)
    event.disconnect(view.on_change)
    event.emit(2)
    assert seen == [1]
    assert len(event) == 0


@pytest.mark.callback_errors
def test_a_failing_callback_is_reported_and_the_others_still_run(caplog):
    event, seen = Event(), []

    def broken(value):
        raise ValueError(f"broken by {value}")

    event.connect(lambda value: seen.append(("before", value)))
    event.connect(broken)
    event.connect(lambda value: seen.append(("after", value)))
    with caplog.at_level(logging.ERROR, logger="gui.state.events"):
        event.emit(7)  # does not raise
    assert seen == [("before", 7), ("after", 7)]
    record = next(r for r in caplog.records if r.name == "gui.state.events")
    assert "broken" in record.getMessage()
    assert record.exc_info is not None and isinstance(record.exc_info[1], ValueError)


def test_callback_errors_can_be_routed_to_a_hook():
    event, reported = Event(), []
    event.connect(lambda: 1 / 0)
    from gui.state import events

    previous = events.set_error_hook(lambda callback, error: reported.append(type(error)))
    try:
        event.emit()
    finally:
        events.set_error_hook(previous)
    assert reported == [ZeroDivisionError]


def test_blocked_event_calls_nobody():
    event, seen = Event(), []
    event.connect(seen.append)
    with event.blocked():
        event.emit(1)
    event.emit(2)
    assert seen == [2]


@pytest.mark.parametrize("exception", [KeyboardInterrupt, SystemExit])
def test_interrupts_are_not_swallowed(exception):
    event = Event()

    def interrupt():
        raise exception()

    event.connect(interrupt)
    with pytest.raises(exception):
        event.emit()
