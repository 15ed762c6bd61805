"""DOCX/XLSX → PDF through LibreOffice headless, when it is installed (optional at run time)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from generator.atomic import atomic_path
from generator.errors import TaizhangError
from generator.office import FONTS_CONF, convert, find_soffice, run_soffice  # noqa: F401  (re-exported)


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


def to_pdfs(sources: list[Path], root: Path, out_dir: Path, seconds_per_file: int = 20) -> list[Path]:
    """Convert every document in ONE LibreOffice process (starting it costs more than converting a page); each PDF
    lands under out_dir at the document's place relative to `root` (督办通知/区农办.docx → pdf/督办通知/区农办.pdf),
    moved into place atomically. Documents of the same name in different folders cannot clash: each is staged
    under a numbered name first. A document LibreOffice could not convert is named in the error, after the others
    are in place."""
    if not sources:
        return []
    if find_soffice() is None:
        raise TaizhangError("未找到 LibreOffice（soffice），无法生成 PDF：请安装 LibreOffice 后重试，或不加 --pdf。")
    written, failed = [], []
    with tempfile.TemporaryDirectory(prefix="taizhang-pdf-") as work:
        staged_dir, made_dir = Path(work) / "in", Path(work) / "out"
        staged_dir.mkdir()
        made_dir.mkdir()
        staged = []
        for n, source in enumerate(sources):
            copy = staged_dir / f"{n:05d}{source.suffix.lower()}"
            shutil.copyfile(source, copy)
            staged.append(copy)
        run_soffice(staged, "pdf", made_dir, 60 + seconds_per_file * len(sources))
        for source, copy in zip(sources, staged):
            made = made_dir / f"{copy.stem}.pdf"
            if not made.exists():
                failed.append(source.name)
                continue
            relative = source.relative_to(root) if source.is_relative_to(root) else Path(source.name)
            target = out_dir / relative.with_suffix(".pdf")
            target.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(target) as tmp:
                shutil.move(str(made), str(tmp))
            written.append(target)
    if failed:
        raise TaizhangError(f"LibreOffice 未能转换 {len(failed)} 个文件：{'、'.join(failed[:5])}；其余 PDF 已生成。")
    return written
