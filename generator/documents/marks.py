"""Merge marks: what a context builder puts in a table cell for docx_layout to merge (a light module, so that the
contexts can be built without loading python-docx)."""

MERGE_UP, MERGE_LEFT = "\ue001", "\ue002"  # join the cell above (w:vMerge) / the cell to the left (w:gridSpan)
