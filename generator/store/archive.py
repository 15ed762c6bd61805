"""存档: every received file kept by the hash of its content, so a later resubmission never loses an earlier one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def archive_path(archive: Path, sha256: str, suffix: str) -> Path:
    return archive / sha256[:2] / f"{sha256}{suffix.lower()}"


def archive_file(archive: Path, source: Path, sha256: str) -> Path:
    """Copy `source` into the archive under its content hash (once; the same bytes are stored once)."""
    target = archive_path(archive, sha256, source.suffix)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.copyfile(source, tmp)  # reads the source, never touches it
    os.replace(tmp, target)
    return target
