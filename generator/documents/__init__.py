"""Documents out: the bulletin and notice (DOCX), the annex tables and the validation report (XLSX), PDFs.

The package itself imports nothing heavy: a re-run with nothing changed needs only the templates' names.
"""

# The DOCX templates a month is made from (templates/, or the workspace's own edited copies).
BULLETIN_TEMPLATE = "bulletin.docx"
NOTICE_TEMPLATE = "notice.docx"
SUPERVISION_TEMPLATE = "supervision.docx"
REMINDER_TEMPLATE = "reminder.docx"
TEMPLATES = (BULLETIN_TEMPLATE, NOTICE_TEMPLATE, SUPERVISION_TEMPLATE, REMINDER_TEMPLATE)
