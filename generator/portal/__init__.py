"""网上报送: the office online (`taizhang serve`). Units hand in ledgers and evidence through a personal link, the
clerk keeps the month's board, inspectors read the month with every figure traced to its source.

The top of the data flow: it calls intake, checks, run and store; nothing below imports it.
"""

from generator.portal.office import Office

__all__ = ["Office"]
