"""The code stays ruff- and mypy-clean and formatted as `ruff format` writes it: part of the test command, so CI
enforces it."""

import subprocess
import sys

from conftest import ROOT


def test_ruff_is_clean():
    command = [sys.executable, "-m", "ruff", "check", "generator", "tests", "scripts"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted():
    """One layout for every file (`ruff format`, the settings in pyproject.toml): a diff shows what changed, not how
    someone's editor wraps lines."""
    command = [sys.executable, "-m", "ruff", "format", "--check", "generator", "tests", "scripts"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean():
    """mypy with the configuration in pyproject.toml ([tool.mypy]: generator/, the typed stage contracts)."""
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
