"""Build the docxtpl templates in templates/ with python-docx (GB/T 9704-2012, see FORMAT.md).

Run from anywhere: ``python scripts/build_templates.py``; it writes the same XML every time, so change a number
in scripts/gongwen/ and rebuild rather than editing the DOCX by hand. Templates: notice.docx (关于印发《…》的通知
with the plan and its annexes), bulletin.docx (工作进展通报), supervision.docx (督办通知), reminder.docx (催报通知).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gongwen.bulletin import build_bulletin
from gongwen.letters import build_reminder, build_supervision
from gongwen.notice import build_notice

OUT_DIR = Path(__file__).resolve().parent.parent / "templates"
BUILDERS = {
    "notice.docx": build_notice,
    "bulletin.docx": build_bulletin,
    "supervision.docx": build_supervision,
    "reminder.docx": build_reminder,
}


def main(out_dir: Path = OUT_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in BUILDERS.items():
        build().save(out_dir / name)
        written.append(out_dir / name)
        print(f"wrote {out_dir / name}")
    return written


if __name__ == "__main__":
    main()
