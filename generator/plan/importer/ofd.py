"""OFD (GB/T 33190, 电子文件存储与交换格式 版式文档): the text of every page, line by line, in reading order.

No well-kept Python library reads OFD (the PyPI packages found are 0.1 releases or pull in rendering stacks), so
the importer reads the package itself: an OFD file is a ZIP whose OFD.xml names the document root
(Doc_0/Document.xml), which lists the pages (Pages/Page_0/Content.xml); each page places TextObject elements whose
TextCode children hold the characters and their X / Y offsets. The XML is parsed with defusedxml (no entities, no
external references) and the package is read in bounded memory: at most MAX_ENTRIES entries, MAX_XML bytes per
XML part and MAX_TOTAL bytes uncompressed in all, so a hostile or broken file stops with a message instead of
exhausting the machine.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from generator.errors import TaizhangError

MAX_ENTRIES = 10_000
MAX_XML = 20 * 1024 * 1024
MAX_TOTAL = 200 * 1024 * 1024
MAX_PAGES = 2_000
_LINE_TOLERANCE = 1.5  # millimetres: text objects whose baselines differ by less are on one line


def ofd_lines(path: Path) -> list[str]:
    """The text lines of an OFD document, page after page (empty line between pages)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise TaizhangError(f"无法打开 OFD 文件 {path.name}：{exc}（文件可能已损坏）。") from None
    with archive:
        reader = _Package(archive, path.name)
        root = reader.xml("OFD.xml")
        doc_root = next((e.text for e in root.iter() if _local(e.tag) == "DocRoot" and e.text), None)
        if not doc_root:
            raise TaizhangError(f"{path.name} 不是有效的 OFD 文件（OFD.xml 中没有 DocRoot）。")
        doc_path = _join("", doc_root)
        document = reader.xml(doc_path)
        base = posixpath.dirname(doc_path)
        pages = [e.get("BaseLoc") for e in document.iter() if _local(e.tag) == "Page" and e.get("BaseLoc")]
        if len(pages) > MAX_PAGES:
            raise TaizhangError(f"{path.name} 有 {len(pages)} 页，超过可读取的 {MAX_PAGES} 页。")
        lines: list[str] = []
        for page in pages:
            lines.extend(_page_lines(reader.xml(_join(base, page))))
            lines.append("")
        return lines


class _Package:
    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self.archive, self.name = archive, name
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise TaizhangError(f"{name} 中的条目过多（{len(infos)} 个），不像是 OFD 文件。")
        if sum(i.file_size for i in infos) > MAX_TOTAL:
            raise TaizhangError(f"{name} 解压后超过 {MAX_TOTAL // 1024 // 1024} MB，不予读取。")
        # OFD producers write paths with or without a leading slash and in either case
        self.names = {i.filename.lstrip("/").lower(): i for i in infos}

    def xml(self, name: str):
        from defusedxml import ElementTree  # type: ignore[import-untyped]

        info = self.names.get(name.lstrip("/").lower())
        if info is None:
            raise TaizhangError(f"{self.name} 缺少 {name}，OFD 文件不完整。")
        if info.file_size > MAX_XML:
            raise TaizhangError(f"{self.name} 中的 {name} 过大（{info.file_size} 字节），不予读取。")
        with self.archive.open(info) as handle:
            data = handle.read(MAX_XML + 1)
        if len(data) > MAX_XML:
            raise TaizhangError(f"{self.name} 中的 {name} 过大，不予读取。")
        try:
            return ElementTree.fromstring(data)
        except Exception as exc:  # defusedxml raises its own errors for entities as well as ParseError
            raise TaizhangError(f"{self.name} 中的 {name} 无法解析：{exc}") from None


def _page_lines(page) -> list[str]:
    """Text objects grouped into lines by their baseline (top to bottom), each line read left to right."""
    pieces: list[tuple[float, float, str]] = []
    for obj in page.iter():
        if _local(obj.tag) != "TextObject":
            continue
        left, top = _boundary(obj.get("Boundary", ""))
        for code in obj:
            if _local(code.tag) != "TextCode" or not code.text:
                continue
            x = _number(code.get("X")) + left
            y = _number(code.get("Y")) + top
            pieces.append((y, x, code.text))
    pieces.sort()
    lines: list[list[tuple[float, str]]] = []
    baseline = None
    for y, x, text in pieces:
        if baseline is None or abs(y - baseline) > _LINE_TOLERANCE:
            lines.append([])
            baseline = y
        lines[-1].append((x, text))
    return ["".join(text for _, text in sorted(line)) for line in lines]


def _boundary(value: str) -> tuple[float, float]:
    parts = value.split()
    return (_number(parts[0]), _number(parts[1])) if len(parts) >= 2 else (0.0, 0.0)


def _number(value: str | None) -> float:
    try:
        return float(value) if value else 0.0
    except ValueError:
        return 0.0


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _join(base: str, path: str) -> str:
    path = path.strip().replace("\\", "/")
    if path.startswith("/"):
        return posixpath.normpath(path.lstrip("/"))
    return posixpath.normpath(posixpath.join(base, path))
