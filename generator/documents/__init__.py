"""Documents out: the bulletin and notice (DOCX), the annex tables and the validation report (XLSX), PDFs."""
