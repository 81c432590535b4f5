"""Work off the main thread: ``run_in_background(fn, on_done, on_error)``.

Database and PDF work that may take more than a few tens of milliseconds runs on
QThreadPool; its result or exception comes back to the main thread through a queued
signal, so widgets are only ever touched there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as error:  # handed to on_error on the main thread
            if not _closing.is_set():
                self._relay.failed.emit(error)
        else:
            # Once the app has closed there is nobody to tell, and signalling objects
            # Qt is tearing down crashes the process.
            if not _closing.is_set():
                self._relay.done.emit(result)


# Relays of running jobs, kept alive until their signal has been delivered.
_pending: set[_Relay] = set()
_closing = threading.Event()


def finish_background_work(timeout_ms: int = 3000) -> None:
    """When the app's event loop has ended: results are no longer delivered, and the
    jobs still running get a moment to end before the database is closed."""
    _closing.set()
    QThreadPool.globalInstance().waitForDone(timeout_ms)
    _pending.clear()


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    pool: QThreadPool | None = None,
) -> None:
    relay = _Relay()  # created on the main thread: its slots run there

    def finish(handler: Callable[[Any], None], value: Any) -> None:
        _pending.discard(relay)
        handler(value)

    relay.done.connect(lambda result: finish(on_done, result))
    relay.failed.connect(lambda error: finish(on_error, error))
    _pending.add(relay)
    (pool or QThreadPool.globalInstance()).start(_Job(fn, relay))
