"""The portal's work, without the web: receive a unit's ledger or evidence, the month's board, returns, sign-offs,
extension requests and their decisions, running the month, the audit log. Pages call these; tests call them too.

Office is one object with every operation, made of one desk per job, each in its own module on the shared
OfficeBase (base.py: workspace, plan, periods, settings, audit log):

- uploads.py     UploadDesk     a unit's ledger received, checked and saved; its receipt (回执)
- evidence.py    EvidenceDesk   佐证材料 attached to a unit's tasks
- extensions.py  ExtensionDesk  延期申请 and the clerk's decision
- board.py       BoardDesk      the month's board, 退回 and 签收, 汇总本月 and its documents
"""

from __future__ import annotations

from generator.portal.office.board import BoardDesk
from generator.portal.office.evidence import EvidenceDesk
from generator.portal.office.extensions import ExtensionDesk
from generator.portal.office.uploads import UploadDesk


class Office(UploadDesk, EvidenceDesk, ExtensionDesk, BoardDesk):
    """One workspace's portal: its plan, its history database, its folders."""
