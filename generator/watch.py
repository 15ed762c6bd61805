"""监视: process ledgers as they are dropped into inputs/<period>/ and regenerate that month's outputs.

A file being copied (from a USB stick, a chat client, a mapped drive) shows up before it is complete, so a period
runs only once every file that changed in it has kept the same size and modification time for `settle` seconds.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.intake import is_ignored
from generator.run import RunResult, run_period
from generator.workspace import Workspace

_PERIOD = re.compile(r"^\d{4}-\d{2}$")


# Events that change nothing: reading a file (ours, while running the month, or a clerk's viewer) raises them.
# Left in, each run's own reads would queue the next run, and the watch would never go idle.
_READ_ONLY_EVENTS = {"opened", "closed_no_write"}


class _Changes(FileSystemEventHandler):
    """Collects the received files that changed (created, written, moved, deleted), by path."""

    def __init__(self, inputs: Path):
        self.inputs = inputs
        self.pending: dict[Path, tuple[int, float] | None] = {}
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in _READ_ONLY_EVENTS:
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if not raw:
                continue
            path = Path(str(raw))
            if path.parent.parent == self.inputs and _PERIOD.match(path.parent.name) and not is_ignored_name(path):
                with self.lock:
                    self.pending[path] = None


def is_ignored_name(path: Path) -> bool:
    """Like intake.is_ignored, but also for paths that no longer exist (a lock file removed)."""
    return is_ignored(path) if path.exists() else path.name.startswith(("~$", ".~lock.", "._", "."))


def _settled(pending: dict[Path, tuple[int, float] | None], settle: float) -> bool:
    """True when every pending file has kept its size and mtime for `settle` seconds (or is gone)."""
    now = time.monotonic()
    done = True
    for path, seen in list(pending.items()):
        try:
            stat = path.stat()
            signature = (stat.st_size, stat.st_mtime)
        except FileNotFoundError:
            continue
        if seen is None or seen[0:2] != signature:
            pending[path] = (*signature, now)  # type: ignore[assignment]
            done = False
        elif now - seen[2] < settle:  # type: ignore[misc]
            done = False
    return done


def watch(
    ws: Workspace,
    on_run: Callable[[RunResult | Exception], None],
    stop: threading.Event,
    settle: float = 2.0,
    poll: float = 0.5,
    on_idle: Callable[[], None] | None = None,
    idle_every: float = 300.0,
) -> None:
    """Block until `stop` is set, running each period whose files changed once they have settled.

    `on_idle` (if given) is called at the start and then every `idle_every` seconds: time-driven work such as the
    reminders before the due day, which must happen even when no file arrives."""
    ws.inputs.mkdir(parents=True, exist_ok=True)
    changes = _Changes(ws.inputs.resolve())
    observer = Observer()
    observer.schedule(changes, str(ws.inputs.resolve()), recursive=True)
    observer.start()
    idle_at = time.monotonic()
    try:
        while not stop.wait(poll):
            if on_idle is not None and time.monotonic() >= idle_at:
                idle_at = time.monotonic() + idle_every
                try:
                    on_idle()
                except Exception:  # like a failed run, a failed reminder round must not stop the watch
                    pass
            with changes.lock:
                if not changes.pending or not _settled(changes.pending, settle):
                    continue
                periods = sorted({p.parent.name for p in changes.pending})
                changes.pending.clear()
            for period in periods:
                try:
                    on_run(run_period(ws, period))
                except Exception as exc:  # one bad run must not stop the watch
                    on_run(exc)
    finally:
        observer.stop()
        observer.join()
