"""安全: the few rules every stage follows with what units send (file names, cell text) and what we write.

- `safe_name` is the one sanitiser for every file name made from data (unit names, received file names): no path
  separators, no `..`, no control characters, no names Windows reserves, and short enough for any file system
  even with a temporary prefix and a process id around it.
- `xml_text` removes the characters XML 1.0 forbids (a `\\x0b` or `\\x00` in a cell of a .csv, .xls or .ods would
  otherwise stop the writer of a receipt or an annex).
- `read_received` reads a received file without following a symbolic link, once: what is hashed, parsed and
  archived are the same bytes.
- `workspace_umask` makes the files we write no more readable than the workspace folder itself.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

# A file name component of 255 bytes is the limit of ext4, NTFS and most others; a temporary name adds a dot, a
# process id and ".tmp" (about 20 bytes), so names made from data stay well below.
MAX_NAME_BYTES = 120
EXCEL_TEXT_LIMIT = 32_767  # characters in one cell (Excel, WPS, LibreOffice)
TRUNCATION_MARK = "[超长已截断]"  # unchanged by NFKC, which text read from units goes through

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.IGNORECASE)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def xml_text(text: str) -> str:
    """`text` without the control characters XML 1.0 cannot hold (tab, newline and carriage return stay)."""
    return _ILLEGAL_XML.sub("", text) if _ILLEGAL_XML.search(text) else text


def fit_cell(text: str) -> tuple[str, bool]:
    """Text as a spreadsheet cell can hold it: legal XML characters, at most 32,767 characters with a visible
    mark where it was cut. Returns the text and whether it was cut."""
    text = xml_text(text)
    if len(text) <= EXCEL_TEXT_LIMIT:
        return text, False
    return text[: EXCEL_TEXT_LIMIT - len(TRUNCATION_MARK)] + TRUNCATION_MARK, True


def safe_name(text: str, suffix: str = "", max_bytes: int = MAX_NAME_BYTES, fallback: str = "未命名") -> str:
    """A file name made from data: `text` (a unit's name, a received file's stem) made safe, then `suffix`.

    '/' and '\\' and the other characters Windows forbids become '_', control characters go, leading dots and
    trailing dots and spaces go (`../../x` → `_.._x`, never a path), a Windows device name gets a '_' in front,
    and a long name is cut at a character boundary with a short hash of the whole, so two long names stay apart.
    """
    name = unicodedata.normalize("NFC", str(text))
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp"))
    name = _UNSAFE_NAME.sub("_", name).strip().lstrip(".").rstrip(". ")
    if not name:
        name = fallback
    if _WINDOWS_RESERVED.match(name):
        name = f"_{name}"
    budget = max_bytes - len(suffix.encode("utf-8"))
    if len(name.encode("utf-8")) > budget:
        digest = hashlib.sha256(str(text).encode("utf-8", "surrogatepass")).hexdigest()[:8]
        keep = budget - len(digest) - 1
        cut = name.encode("utf-8")[:keep].decode("utf-8", "ignore").rstrip(". ")
        name = f"{cut}~{digest}"
    return name + suffix


def has_formula_start(text: str) -> bool:
    """Text a spreadsheet would take for a formula (=, +, -, @): never to be registered or written as is."""
    return text.lstrip().startswith(FORMULA_START[:4]) if text else False


@dataclass(frozen=True)
class Received:
    """A received file as read once: its bytes (None when refused unread), their hash and the file's facts."""

    data: bytes | None
    sha256: str
    size: int
    modified: datetime
    refusal: str = ""  # why it was not read: "link" or "too-large"


class NotRegularFile(Exception):
    """The path is a symbolic link, a folder or a device: never read."""


def read_received(path: Path, max_bytes: int) -> Received:
    """Read `path` without following a link (O_NOFOLLOW, then fstat on the open file: nothing can be swapped in
    between). A file larger than `max_bytes` is hashed in a stream and not kept in memory."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK) or path.is_symlink():
            raise NotRegularFile("link") from None
        raise
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile("special")
        modified = datetime.fromtimestamp(info.st_mtime)
        if info.st_size > max_bytes:
            digest = hashlib.sha256()
            size = 0
            while block := stream.read(1 << 20):
                digest.update(block)
                size += len(block)
            return Received(None, digest.hexdigest(), size, modified, "too-large")
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while we read it
        return Received(None, hashlib.sha256(data).hexdigest(), len(data), modified, "too-large")
    return Received(data, hashlib.sha256(data).hexdigest(), len(data), modified)


def is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


@contextmanager
def workspace_umask(root: Path) -> Iterator[None]:
    """While writing into a workspace, make new files and folders no more open than the workspace folder: a
    workspace only its owner may read (0700) gets files 0600, not the process default 0644. The process umask is
    only ever tightened, and restored afterwards."""
    try:
        mode = stat.S_IMODE(os.stat(root).st_mode)
    except OSError:
        yield
        return
    old = os.umask(0o022)
    os.umask(old | (0o777 & ~mode))
    try:
        yield
    finally:
        os.umask(old)
