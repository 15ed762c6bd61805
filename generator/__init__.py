"""taizhang（台账）: turn a work plan (工作方案) and the monthly ledgers (台账) of its units into a checked,
merged table, a history, and the office's documents (通报, 通知, 附件).

The sub-packages follow the data flow:

    plan/       the plan workbook: units, tasks, indicators, deadlines
    ledger/     blank ledgers out, filled ledgers in (read + normalise)
    checks/     problems found in what units sent
    progress    the month merged into one table, with figures
    store/      the history (SQLAlchemy over SQLite)
    documents/  bulletin and notice (DOCX), annexes and report (XLSX), PDF
    run         one month, end to end
"""

__version__ = "0.1.0"
