"""Build, in code, the received files of one month as units really send them: messy, renamed, broken.

`Kit` makes the bytes of each kind of file (a grid saved with openpyxl, our own blank ledger filled in, a LibreOffice
conversion to .xls or .ods, a CSV in some encoding, a broken or hostile file); `test_corpus.py` lays out the table
of cases. Everything is built in a work folder outside inputs/, then only the finished bytes are copied in.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from conftest import fill_ledger

TASKS, INDICATORS = "重点任务", "量化指标"  # the sheet names of our ledgers
TITLE = ["2018年5月重点工作任务台账"]  # a title that names no unit
HEAD = ["序号", "重点工作任务", "完成时限", "进展情况", "完成状态", "完成百分比"]
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Formula:
    """A formula cell; `cached` is the result Excel would have stored with it (None: saved without one)."""

    text: str
    cached: object = None


class Kit:
    """Makes the bytes of one received file; `folder` is scratch space outside inputs/."""

    def __init__(self, plan, folder: Path):
        self.plan, self.folder = plan, folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self._count = 0

    def _scratch(self, suffix: str) -> Path:
        self._count += 1
        return self.folder / f"f{self._count}{suffix}"

    def xlsx(
        self,
        sheets: dict[str, list[list]],
        merges: dict[str, list[str]] | None = None,
        hidden_rows: dict[str, list[int]] | None = None,
    ) -> bytes:
        """Grids saved with openpyxl, each from A1. Strings are always text, even "=HYPERLINK(…)"; Formula is a
        formula."""
        book = openpyxl.Workbook()
        book.remove(book.active)
        cached: dict[int, dict[str, object]] = {}  # sheet index → A1 → cached value
        for index, (name, rows) in enumerate(sheets.items(), start=1):
            sheet = book.create_sheet(name)
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row, start=1):
                    if value in ("", None):
                        continue
                    cell = sheet.cell(r, c)
                    if isinstance(value, Formula):
                        cell.value = value.text
                        if value.cached is not None:
                            cached.setdefault(index, {})[cell.coordinate] = value.cached
                    else:
                        cell.value = value
                        if isinstance(value, str):
                            cell.data_type = "s"
            for cells in (merges or {}).get(name, []):
                sheet.merge_cells(cells)
            for row in (hidden_rows or {}).get(name, []):
                sheet.row_dimensions[row].hidden = True
        out = io.BytesIO()
        book.save(out)
        return _store_cached_values(out.getvalue(), cached) if cached else out.getvalue()

    def ledger(self, unit_short: str, tasks: dict, indicators: dict | None = None, edit: Callable | None = None):
        """Our blank ledger for the unit, filled in with openpyxl as a unit does; `edit(book)` changes it further."""
        path = fill_ledger(self.plan, unit_short, "2018-05", self._scratch(".xlsx"), tasks, indicators)
        if edit:
            book = openpyxl.load_workbook(path)
            edit(book)
            book.save(path)
        return path.read_bytes()

    def convert(self, xlsx: bytes, suffix: str) -> bytes:
        """The same workbook saved by LibreOffice as .xls or .ods."""
        source = self._scratch(".xlsx")
        source.write_bytes(xlsx)
        profile = (self.folder / "lo-profile").resolve().as_uri()
        command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", suffix[1:]]
        subprocess.run(
            [*command, "--outdir", str(self.folder), str(source)], check=True, capture_output=True, timeout=180
        )
        return source.with_suffix(suffix).read_bytes()

    @staticmethod
    def csv(rows: list[list], encoding: str) -> bytes:
        text = io.StringIO()
        csv.writer(text, lineterminator="\r\n").writerows(rows)
        return text.getvalue().encode(encoding)

    @staticmethod
    def macro_enabled(xlsx: bytes) -> bytes:
        """An .xlsm: the same package declared macro-enabled, as Excel saves it."""
        main = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
        return _rewrite(
            xlsx,
            {
                "[Content_Types].xml": lambda xml: xml.replace(
                    main, b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
                )
            },
        )

    @staticmethod
    def padded(xlsx: bytes, megabytes: int) -> bytes:
        """A zip bomb in miniature: a member of zeros that packs to a few KB and unpacks to `megabytes` MB."""
        out = io.BytesIO(xlsx)
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/media/image1.bin", bytes(megabytes * 2**20))
        return out.getvalue()

    @staticmethod
    def encrypted() -> bytes:
        """What Office writes for a password-protected .xlsx: an OLE compound file holding an EncryptedPackage."""
        directory = "EncryptedPackage".encode("utf-16-le") + bytes(128 - 32)
        return OLE_MAGIC + bytes(512 - len(OLE_MAGIC)) + directory + bytes(4096)

    @staticmethod
    def truncated(data: bytes) -> bytes:
        return data[: len(data) // 2]


def _rewrite(package: bytes, changes: dict[str, Callable[[bytes], bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, changes[info.filename](data) if info.filename in changes else data)
    return out.getvalue()


def _store_cached_values(package: bytes, cached: dict[int, dict[str, object]]) -> bytes:
    """Put into openpyxl's `<f>…</f><v></v>` the value Excel would have calculated and stored."""

    def fill(values: dict[str, object]) -> Callable[[bytes], bytes]:
        def change(xml: bytes) -> bytes:
            for a1, value in values.items():
                pattern = rf'(<c r="{a1}"[^>]*><f>[^<]*</f>)<v\s*>\s*</v>|(<c r="{a1}"[^>]*><f>[^<]*</f>)<v\s*/>'
                xml, count = re.subn(pattern.encode(), lambda m, v=value: (m[1] or m[2]) + f"<v>{v}</v>".encode(), xml)
                assert count == 1, f"formula cell {a1} not found"
            return xml

        return change

    return _rewrite(package, {f"xl/worksheets/sheet{i}.xml": fill(values) for i, values in cached.items()})
