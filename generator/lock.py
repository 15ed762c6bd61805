"""运行锁: one `run` at a time per workspace.

Two runs of one workspace at once would each remove the other's in-flight temporaries and interleave outputs, so a
run holds a lock on `taizhang.lock` in the workspace while it works. The lock is the operating system's (flock on
Linux and macOS, a byte-range lock on Windows): it is released when its process ends however it ends, so a run
killed mid-way never leaves a stale lock behind, and a pid is never mistaken for another process that reused it.
The file itself records the holder's process id, machine and start time, for the message a second run shows. A
second run waits a little (an ordinary run takes seconds) and then stops with that message.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from generator.errors import TaizhangError

LOCK_NAME = "taizhang.lock"
DEFAULT_WAIT = 60.0

try:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]


def _holder(path: Path) -> dict:
    try:
        holder = json.loads(path.read_text("utf-8"))
        return holder if isinstance(holder, dict) else {}
    except (OSError, ValueError):
        return {}


@contextmanager
def workspace_lock(root: Path, what: str = "run", wait: float | None = None) -> Iterator[None]:
    """Hold the workspace's run lock for the duration of the block; TaizhangError if another run keeps it."""
    path = root / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        deadline = time.monotonic() + (DEFAULT_WAIT if wait is None else wait)
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                holder = _holder(path)
                who = f"进程 {holder.get('pid', '?')}，{holder.get('host', '?')}，{holder.get('started', '?')} 开始"
                raise TaizhangError(f"工作区 {root} 正由另一个 taizhang {what} 使用（{who}）：请等它结束后再运行。")
            time.sleep(0.2)
        info = {"pid": os.getpid(), "host": socket.gethostname(), "started": datetime.now().isoformat("T", "seconds")}
        data = json.dumps(info).encode()
        os.ftruncate(fd, 0)
        os.pwrite(fd, data.ljust(128), 0) if hasattr(os, "pwrite") else os.write(fd, data)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
