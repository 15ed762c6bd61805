"""署名 and 成文日期 placed as GB/T 9704 §7.3.5.2 says: 署名 two characters from the right, the date's first
character two characters right of the signature's first; when the date is the longer, it sits two characters from
the right and the signature moves right.
"""

from __future__ import annotations

import itertools

from docx.document import Document
from docx.shared import Twips

from generator.documents.docx_layout.styles import StyleTable, style_id_of
from generator.documents.docx_layout.text import CHAR, body_paragraphs, text_width


def place_signature(doc: Document, styles: StyleTable | None = None) -> None:
    styles = styles or StyleTable(doc)
    ids = {name: style_id for style_id, name in styles.names.items() if name in ("TZ署名", "TZ成文日期")}
    if len(ids) < 2:
        return
    body = body_paragraphs(doc)
    for sig, day in itertools.pairwise(body):
        if style_id_of(sig._p) != ids["TZ署名"] or style_id_of(day._p) != ids["TZ成文日期"]:
            continue
        if not sig.text.strip() or not day.text.strip():
            continue
        sig_len, date_len = text_width(sig.text.strip()), text_width(day.text.strip())
        sig_right = 2.0
        date_right = sig_right + sig_len - 2 - date_len  # the date starts two characters right of the signature
        if date_right < 2:
            date_right = 2.0
            sig_right = date_len + 4 - sig_len
        sig.paragraph_format.right_indent = Twips(round(sig_right * CHAR))
        day.paragraph_format.right_indent = Twips(round(date_right * CHAR))
