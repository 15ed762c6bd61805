"""The `taizhang` command: a thin layer over the library. Each command parses options, calls one function,
shows the result and picks the exit code (see generator/cli/common.py).
"""

from generator.cli import codes, delivery, demo, history, month, plan  # noqa: F401 - importing a module registers its commands
from generator.cli.main import main

__all__ = ["main"]
