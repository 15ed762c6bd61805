"""DOCX/XLSX → PDF through LibreOffice headless, when it is installed (optional at run time)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from generator.atomic import atomic_path
from generator.errors import TaizhangError

FONTS_CONF = Path(__file__).with_name("fonts.conf")
_WINDOWS_PATHS = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str | None:
    """LibreOffice by name on PATH (soffice, libreoffice), or in its usual Windows folder."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in _WINDOWS_PATHS if Path(p).exists()), None)


def _soffice(sources: list[Path], fmt: str, folder: Path, timeout: int) -> subprocess.CompletedProcess:
    """One LibreOffice process converting every file of `sources` into `folder`.

    A private profile lets conversions run while the clerk has LibreOffice open, and in parallel test runs.
    """
    soffice = find_soffice()
    if soffice is None:
        names = "、".join(s.name for s in sources[:3])
        raise TaizhangError(f"未找到 LibreOffice（soffice），无法把 {names} 转为 {fmt}：请安装 LibreOffice。")
    env = dict(os.environ)
    if os.name != "nt" and FONTS_CONF.exists():
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)  # map 仿宋/黑体/楷体 to installed CJK fonts on Linux
    with tempfile.TemporaryDirectory(prefix="taizhang-lo-") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(folder),
            *(str(s) for s in sources),
        ]
        try:
            return subprocess.run(cmd, capture_output=True, timeout=timeout, env=env, check=False)
        except subprocess.TimeoutExpired:
            raise TaizhangError(f"LibreOffice 转换 {len(sources)} 个文件超时（{timeout} 秒）。") from None


def convert(source: Path, fmt: str, folder: Path, timeout: int = 180) -> Path:
    """Convert `source` to `fmt` (pdf, docx …) into `folder` with LibreOffice headless; return the new file."""
    result = _soffice([source], fmt, folder, timeout)
    made = folder / f"{source.stem}.{fmt}"
    if result.returncode != 0 or not made.exists():
        message = result.stderr.decode(errors="replace").strip()[:200]
        raise TaizhangError(f"LibreOffice 无法转换 {source.name}：{message or '未生成文件'}。")
    return made


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
        _soffice(staged, "pdf", made_dir, 60 + seconds_per_file * len(sources))
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
