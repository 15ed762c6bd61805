"""Formulas whose result was never stored: readers see them as empty, so the unit must be told.

Only xlsx/xlsm carry formulas we can inspect. The sheet XML is parsed with defusedxml, and only when it contains a
formula at all, so ordinary files cost one byte search.
"""

from __future__ import annotations

import posixpath
import zipfile

from defusedxml import DefusedXmlException, ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def formulas_without_value(archive: zipfile.ZipFile) -> dict[str, list[str]]:
    """Sheet name → A1 cells that hold a formula with no cached value."""
    try:
        with_formulas = {
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml") and _has_formula(archive.read(name))
        }
        if not with_formulas:
            return {}
        out: dict[str, list[str]] = {}
        for sheet_name, member in sheet_members(archive).items():
            if member in with_formulas:
                cells = _uncached_cells(archive.read(member))
                if cells:
                    out[sheet_name] = cells
        return out
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, DefusedXmlException):
        return {}  # calamine reports a broken file on its own; this check only adds warnings


def _uncached_cells(xml: bytes) -> list[str]:
    return [
        c.get("r", "")
        for c in ElementTree.fromstring(xml).iter(f"{_MAIN}c")
        if c.find(f"{_MAIN}f") is not None and not (c.findtext(f"{_MAIN}v") or c.find(f"{_MAIN}is"))
    ]


def _has_formula(xml: bytes) -> bool:
    return b"<f>" in xml or b"<f " in xml or b":f>" in xml or b":f " in xml


def sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    members = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        members[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return members
