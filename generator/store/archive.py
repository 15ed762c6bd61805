"""存档: every received file kept by the hash of its content, so a later resubmission never loses an earlier one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def archive_path(archive: Path, sha256: str, suffix: str) -> Path:
    return archive / sha256[:2] / f"{sha256}{_suffix(suffix)}"


def _suffix(suffix: str) -> str:
    """The received file's extension, if it is a plain one (a name made by a unit could hold anything)."""
    suffix = suffix.lower()
    return suffix if len(suffix) <= 8 and suffix[1:].isascii() and suffix[1:].isalnum() else ""


def archive_bytes(archive: Path, data: bytes, sha256: str, suffix: str) -> Path:
    """Store the bytes that were read (and hashed) under their hash: never a second read of the received file,
    which the unit may have overwritten meanwhile."""
    target = archive_path(archive, sha256, suffix)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{sha256[:16]}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as out:
            out.write(data)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


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
