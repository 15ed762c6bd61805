"""Plan import (导入方案): read a work plan document into the plan workbook the rest of taizhang uses.

    imported = import_plan(Path("方案.docx"))      # .docx, .txt; .doc via LibreOffice, .pdf via pdftotext
    write_imported_plan(imported, Path("inputs/plan.xlsx"))

The flow, one module per stage: source (paragraphs and tables) → tables (flattened tables recovered) → notice
(metadata) → headings (the numbered tree) → items, with responsibility, deadlines (generator.plan.deadline) and
targets → annexes (task and indicator tables) → registry (units, aliases, typos) → pipeline (tasks, indicators,
reviews) → workbook. `score` compares an import with hand-written expected results.
"""

from generator.plan.importer.model import ImportedPlan
from generator.plan.importer.pipeline import import_plan
from generator.plan.importer.workbook import write_imported_plan

__all__ = ["ImportedPlan", "import_plan", "write_imported_plan"]
