"""Uploaded bytes → files on disk, with names we make: nothing a browser sends becomes a path.

An upload is copied in chunks (never whole in memory) into a staging folder under a fresh name, hashed and measured
as it is copied, its first bytes checked against the type its extension claims, and only then placed where it
belongs: into `inputs/<period>/` by hard-linking a temporary to a new name (atomic, and it never replaces a file).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from generator.ledger.files import OLE_MAGIC, READABLE

CHUNK = 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
LEDGER_TYPES = READABLE  # .xlsx .xlsm .xls .ods .csv
EVIDENCE_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".docx", ".doc"}
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class UploadRefused(Exception):
    """The upload is not kept; the message (Chinese) says why and what to do."""


@dataclass(frozen=True)
class Staged:
    path: Path
    sha256: str
    size: int
    suffix: str


def client_suffix(original_name: str, allowed: set[str]) -> str:
    """The extension the browser's file name claims, if it is one we take (the name itself is only shown)."""
    suffix = Path(original_name.replace("\\", "/")).suffix.lower()
    if suffix not in allowed:
        shown = "、".join(sorted(allowed))
        raise UploadRefused(f"不接受 {suffix or '无扩展名'} 文件：只接受 {shown}。")
    return suffix


def shown_name(original_name: str) -> str:
    """The browser's file name, for display only: last path part, control characters removed, at most 200 chars."""
    name = original_name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    return name[:200] or "（无名）"


def safe_part(text: str) -> str:
    """A piece of a file name made from plan data (a unit's short name): letters, digits and CJK only."""
    return re.sub(r"[^\w\u4e00-\u9fff]", "", unicodedata.normalize("NFKC", text))[:40] or "单位"


def _type_ok(suffix: str, head: bytes) -> bool:
    if suffix in (".xlsx", ".xlsm", ".ods", ".docx"):
        return head.startswith(ZIP_MAGIC)
    if suffix in (".xls", ".doc"):
        return head.startswith(OLE_MAGIC) or head.startswith(ZIP_MAGIC)
    if suffix == ".csv":
        return b"\x00" not in head
    if suffix == ".pdf":
        return head.startswith(b"%PDF-")
    if suffix in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if suffix == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    return False


def stage(source: BinaryIO, folder: Path, name: str, suffix: str, max_bytes: int) -> Staged:
    """Copy `source` into folder/<fresh>/<name><suffix>, hashing and measuring it; refuse it past `max_bytes` or
    when its first bytes are not what the extension claims."""
    target_dir = folder / uuid.uuid4().hex
    target_dir.mkdir(parents=True)
    target = target_dir / f"{name}{suffix}"
    digest, size, head = hashlib.sha256(), 0, b""
    try:
        with open(target, "xb") as out:
            while chunk := source.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise UploadRefused(f"文件超过 {max_bytes // 2**20} MB 的上限，未接收。")
                if len(head) < 8192:
                    head += chunk[: 8192 - len(head)]
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise UploadRefused("文件是空的（0 字节），未接收；请重新选择文件。")
        if not _type_ok(suffix, head):
            raise UploadRefused(f"文件内容不是 {suffix} 格式（可能改过扩展名），未接收；请用原软件另存后重新上传。")
    except BaseException:
        discard(target)
        raise
    return Staged(target, digest.hexdigest(), size, suffix)


def discard(staged_path: Path) -> None:
    shutil.rmtree(staged_path.parent, ignore_errors=True)


def place(staged_path: Path, folder: Path, stem: str, suffix: str) -> Path:
    """Put the staged file into `folder` as <stem><suffix> (or <stem>_2 … when taken): never overwrites."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".portal-{uuid.uuid4().hex}.part"  # hidden: the intake and watch skip it
    shutil.copyfile(staged_path, tmp)
    try:
        for n in range(1, 1000):
            target = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}_{n}{suffix}")
            try:
                os.link(tmp, target)  # fails if the name exists: no overwrite, no race
            except FileExistsError:
                continue
            return target
        raise UploadRefused("同名文件过多，未接收；请联系办公室。")
    finally:
        tmp.unlink(missing_ok=True)


def keep_once(staged_path: Path, target: Path) -> Path:
    """Store the staged file as `target` (a content-hash name) unless it is there already: the same bytes once."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        return target
    tmp = target.with_name(f".{uuid.uuid4().hex}.part")
    shutil.copyfile(staged_path, tmp)
    try:
        os.link(tmp, target)
    except FileExistsError:
        pass  # another upload of the same bytes got there first
    finally:
        tmp.unlink(missing_ok=True)
    return target
