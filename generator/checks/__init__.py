"""Checks: problems found in what units sent, as records (code, severity, location, message, hint)."""

from generator.checks.problems import CATALOGUE, ERROR, WARNING, Problem

__all__ = ["CATALOGUE", "ERROR", "WARNING", "Problem"]
