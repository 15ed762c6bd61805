"""Regenerate the list of problem codes in README.md from the catalogue in the code.

python scripts/update_readme.py
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.cli.codes import codes_markdown

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"(<!-- codes:start -->\n).*?(\n<!-- codes:end -->)", re.S)


def main() -> None:
    text = README.read_text("utf-8")
    README.write_text(BLOCK.sub(lambda m: m.group(1) + codes_markdown() + m.group(2), text), "utf-8")


if __name__ == "__main__":
    main()
