"""History (历史记录): every month stored, so bulletins can compare and number themselves."""

from generator.store.history import History, MonthSummary

__all__ = ["History", "MonthSummary"]
