"""The `taizhang` command: a thin layer over the library. Each command parses options, calls one function,
shows the result and picks the exit code (see generator/cli/common.py).
"""

from generator.cli import (  # noqa: F401 - importing a module registers its commands
    codes,
    delivery,
    demo,
    history,
    month,
    plan,
    portal,
)
from generator.cli.main import main

__all__ = ["main"]
