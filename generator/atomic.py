"""Write outputs atomically: to a temporary name beside the target, then rename into place.

A crash mid-write leaves the previous file intact; the temporary name keeps the real suffix so that writers which
look at it (xlsxwriter, LibreOffice) behave.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TMP_MARK = ".tmp"
_TEMPORARY = re.compile(r"^\..+\.\d+\.tmp(\.[^.]+)?$")


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `target`, on failure it is removed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.stem}.{os.getpid()}{TMP_MARK}{target.suffix}")
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def is_temporary(path: Path) -> bool:
    """One of atomic_path's temporaries: hidden, with a process id and .tmp before the suffix."""
    return bool(_TEMPORARY.match(path.name))


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete temporaries a killed run left behind (ours only: hidden, with a pid and .tmp before the suffix)."""
    if not folder.is_dir():
        return []
    stale = [p for p in folder.rglob(".*") if p.is_file() and is_temporary(p)]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale
