"""History (历史记录): every submission kept, every month stored, so bulletins compare and figures trace back."""

from generator.store.history import History
from generator.store.months import MonthSummary, SubmissionInfo, TraceSource

__all__ = ["History", "MonthSummary", "SubmissionInfo", "TraceSource"]
