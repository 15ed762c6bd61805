"""Operational failures (a missing plan, an unreadable template, a locked database).

Problems in the data units send are not exceptions: they are `checks.Problem` records collected in a report.
Everything here is turned into a one-line message by the CLI.
"""


class TaizhangError(Exception):
    """A failure that stops a command; the message is shown to the clerk as is (in Chinese)."""


class PlanError(TaizhangError):
    """The plan workbook is missing or cannot be understood."""


class TemplateError(TaizhangError):
    """A document template is missing or uses a variable the program does not provide."""
