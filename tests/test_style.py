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


def test_modules_stay_short():
    """STYLE: small modules with one job. A module past 400 lines becomes a folder of modules (portal/office/,
    documents/docx_layout/), so that a newcomer reads each top to bottom."""
    long = {
        str(path.relative_to(ROOT)): n
        for path in (ROOT / "generator").rglob("*.py")
        if (n := len(path.read_text("utf-8").splitlines())) > 400
    }
    assert not long, long
