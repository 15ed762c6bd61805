"""DOCX/XLSX → PDF through LibreOffice headless, when it is installed (optional at run time)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from generator.atomic import atomic_path
from generator.errors import TaizhangError
from generator.office import FONTS_CONF, convert, find_soffice  # noqa: F401  (re-exported)


def to_pdf(source: Path, out_dir: Path, timeout: int = 180) -> Path:
    """Convert one document; the PDF lands in out_dir with the same stem, moved into place atomically (a failed
    conversion leaves the previous PDF)."""
    if find_soffice() is None:
        raise TaizhangError("未找到 LibreOffice（soffice），无法生成 PDF：请安装 LibreOffice 后重试，或不加 --pdf。")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="taizhang-pdf-") as work:
        made = convert(source, "pdf", Path(work), timeout)
        target = out_dir / made.name
        with atomic_path(target) as tmp:
            shutil.move(str(made), str(tmp))  # across file systems too: the temporary folder may be elsewhere
    return target
