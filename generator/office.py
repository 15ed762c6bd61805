"""LibreOffice headless, the one conversion helper every layer uses (office documents → PDF, .doc/.wps → .docx).

It lives below both the plan importer and the document writers so neither imports the other.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from generator.errors import TaizhangError

FONTS_CONF = Path(__file__).parent / "documents" / "fonts.conf"  # maps 仿宋/黑体/楷体 to installed CJK fonts
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


def run_soffice(sources: list[Path], fmt: str, folder: Path, timeout: int) -> subprocess.CompletedProcess:
    """ONE LibreOffice process converting every file of `sources` to `fmt` into `folder` (starting LibreOffice
    costs more than converting a page, so a month's documents go through one process).

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
            what = sources[0].name if len(sources) == 1 else f"{len(sources)} 个文件"
            raise TaizhangError(f"LibreOffice 转换 {what} 超时（{timeout} 秒）。") from None


def convert(source: Path, fmt: str, folder: Path, timeout: int = 180) -> Path:
    """Convert `source` to `fmt` (pdf, docx …) into `folder` with LibreOffice headless; return the new file."""
    result = run_soffice([source], fmt, folder, timeout)
    made = folder / f"{source.stem}.{fmt}"
    if result.returncode != 0 or not made.exists():
        message = result.stderr.decode(errors="replace").strip()[:200]
        raise TaizhangError(f"LibreOffice 无法转换 {source.name}：{message or '未生成文件'}。")
    return made
