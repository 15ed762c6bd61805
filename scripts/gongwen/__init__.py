"""Builders of the GB/T 9704 docxtpl templates (run scripts/build_templates.py)."""
