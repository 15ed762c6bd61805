"""The `taizhang` command: a thin layer over the library. Each command parses options, calls one function,
shows the result and picks the exit code (0 ok, 1 problems found in the data, 2 usage or operational failure).
"""

from generator.cli import codes, delivery, history, month, plan  # noqa: F401 - importing a module registers its commands
from generator.cli.main import main

__all__ = ["main"]
