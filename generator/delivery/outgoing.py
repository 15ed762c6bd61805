"""What a month has to send (待发送), found in outputs/<period>/ as `run` and `ledgers` wrote it.

The month is never re-run here: documents are taken from their folders, the units that reported from the history.
A document is identified by a hash of its content; for .docx and .xlsx (zip files) the document properties
(docProps/, which hold the time the file was saved) are left out, and so are timestamps to the second inside the
parts (the issued_at a blank ledger records in its hidden sheet), so regenerating the same month or the same blank
ledgers gives the same hash and nothing is sent twice.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.documents.letters import REMINDER_DIR, SUPERVISION_DIR, letter_name
from generator.ledger.blank import ledger_file_name
from generator.plan.contacts import Contact
from generator.plan.model import Plan
from generator.workspace import RECEIPTS

LEDGER, RECEIPT, REMINDER, SUPERVISION, BULLETIN, DUE = "空白台账", "回执", "催报通知", "督办通知", "通报", "报送提醒"
KINDS = (LEDGER, RECEIPT, REMINDER, SUPERVISION, BULLETIN)  # what `send` delivers; DUE is `remind`'s
KIND_ALIASES = {
    "ledger": LEDGER,
    "ledgers": LEDGER,
    "receipt": RECEIPT,
    "receipts": RECEIPT,
    "reminder": REMINDER,
    "催报": REMINDER,
    "supervision": SUPERVISION,
    "督办": SUPERVISION,
    "bulletin": BULLETIN,
    "工作进展通报": BULLETIN,
}
TEMPLATE_NAMES = {  # templates/mail/<name>.txt: the subject on the first line, the body after it
    LEDGER: "ledger",
    RECEIPT: "receipt",
    REMINDER: "reminder",
    SUPERVISION: "supervision",
    BULLETIN: "bulletin",
    DUE: "due",
}
LEDGER_DIR = "空白台账"
RECEIPT_DIRS = (RECEIPTS, "receipts")  # outputs/<period>/回执/; taizhang before 0.2 wrote receipts/
BULLETIN_PATTERN = "*通报（第*期）.docx"
_ZIP_SUFFIXES = {".docx", ".xlsx", ".xlsm", ".pptx"}
_TIMESTAMP = re.compile(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?")


@dataclass(frozen=True)
class Outgoing:
    """待发送: one message of a kind, for a period, to one unit (or one bulletin recipient), with its document."""

    kind: str
    period: str
    unit: str  # canonical unit name; for the bulletin, the recipient as written in the settings
    to: tuple[str, ...]
    cc: tuple[str, ...] = ()
    document: Path | None = None
    document_sha256: str = ""  # content hash of the document, or of what makes a text-only message unique
    extra: dict[str, object] = field(default_factory=dict, hash=False, compare=False)  # for the mail template


@dataclass
class Collected:
    messages: list[Outgoing]
    notes: list[str]  # what could not be sent and why (no address, no document yet)


def document_hash(path: Path) -> str:
    """sha256 of a document's content: zip members without docProps/ for Office files, the bytes otherwise."""
    digest = hashlib.sha256()
    if path.suffix.lower() in _ZIP_SUFFIXES:
        try:
            with zipfile.ZipFile(path) as archive:
                for name in sorted(archive.namelist()):
                    if name.startswith("docProps/"):
                        continue
                    digest.update(name.encode("utf-8") + b"\0")
                    digest.update(_TIMESTAMP.sub(b"", archive.read(name)))
            return digest.hexdigest()
        except zipfile.BadZipFile:
            digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def collect(
    plan: Plan,
    outputs: Path,
    period: str,
    kinds: tuple[str, ...],
    bulletin_to: tuple[str, ...] = (),
    bulletin_cc: tuple[str, ...] = (),
    issue_no: int | None = None,
) -> Collected:
    """Every message of `kinds` that `outputs` (outputs/<period>/) holds a document for."""
    found = Collected([], [])
    for kind in kinds:
        if kind == LEDGER:
            _ledgers(plan, outputs, period, found)
        elif kind == RECEIPT:
            _receipts(plan, outputs, period, found)
        elif kind in (REMINDER, SUPERVISION):
            _letters(plan, outputs, period, kind, found)
        elif kind == BULLETIN:
            _bulletin(outputs, period, bulletin_to, bulletin_cc, issue_no, found)
    return found


def unit_message(
    plan: Plan,
    kind: str,
    period: str,
    unit: str,
    document: Path | None,
    found: Collected,
    sha256: str = "",
    extra: dict | None = None,
) -> None:
    """Add the message for `unit` (with a note when the unit has no address for it)."""
    contact = plan.contacts.get(unit, Contact())
    to: tuple[str, ...] = contact.emails
    cc: tuple[str, ...] = ()
    if kind == SUPERVISION and contact.leader_emails:  # 督办 goes to the unit's leader, its contact in copy
        to, cc = contact.leader_emails, contact.emails
    if not to:  # still collected: a webhook relays it to the office's messaging platform without an address
        column = "负责人邮箱或联系邮箱" if kind == SUPERVISION else "联系邮箱"
        found.notes.append(f"{kind} {plan.unit(unit).short_name}：方案「责任单位」表中没有{column}，不发邮件。")
    digest = sha256 or (document_hash(document) if document else "")
    found.messages.append(Outgoing(kind, period, unit, to, cc, document, digest, extra or {}))


def _ledgers(plan: Plan, outputs: Path, period: str, found: Collected) -> None:
    folder = outputs / LEDGER_DIR
    if not folder.is_dir():
        found.notes.append(f"空白台账：{folder} 不存在，请先运行 taizhang ledgers --period {period}。")
        return
    for unit in plan.ledger_units():  # every unit with a role gets a ledger, as `taizhang ledgers` writes them
        path = folder / ledger_file_name(unit, period)
        if path.is_file():
            unit_message(plan, LEDGER, period, unit.name, path, found)
        else:
            found.notes.append(f"空白台账 {unit.short_name}：找不到 {path.name}，请重新运行 taizhang ledgers。")


def receipt_unit(plan: Plan, file_name: str) -> str | None:
    """The unit a receipt file belongs to: <简称>.xlsx, or <简称>_<报送文件>.xlsx for a file that did not count."""
    stem = file_name.removesuffix(".xlsx")
    for unit in sorted(plan.units, key=lambda u: -len(u.short_name)):  # 区农办 before 区农
        if stem == unit.short_name or stem.startswith(unit.short_name + "_"):
            return unit.name
    return None


def _receipts(plan: Plan, outputs: Path, period: str, found: Collected) -> None:
    folders = [outputs / name for name in RECEIPT_DIRS if (outputs / name).is_dir()]
    if not folders:
        found.notes.append(f"回执：{outputs} 下没有回执，请先运行 taizhang run --period {period}。")
        return
    for path in sorted(p for folder in folders for p in folder.glob("*.xlsx") if not p.name.startswith((".", "~$"))):
        unit = receipt_unit(plan, path.name)
        if unit is None:
            found.notes.append(f"回执 {path.name}：无法确定报送单位（文件未识别出单位），未发送。")
            continue
        unit_message(plan, RECEIPT, period, unit, path, found)


def _letters(plan: Plan, outputs: Path, period: str, kind: str, found: Collected) -> None:
    folder = outputs / (REMINDER_DIR if kind == REMINDER else SUPERVISION_DIR)
    if not folder.is_dir():
        return  # no unit to remind or supervise this month
    for unit in plan.units:
        path = folder / letter_name(plan, unit.name)
        if path.is_file():
            unit_message(plan, kind, period, unit.name, path, found)


def _bulletin(
    outputs: Path, period: str, to: tuple[str, ...], cc: tuple[str, ...], issue_no: int | None, found: Collected
) -> None:
    candidates = sorted(outputs.glob(BULLETIN_PATTERN), key=lambda p: p.stat().st_mtime)
    own = [p for p in candidates if issue_no is not None and f"（第{issue_no}期）" in p.name]
    if not candidates:
        found.notes.append(f"通报：{outputs} 下没有工作进展通报，请先运行 taizhang run --period {period}。")
        return
    if not to and not cc:
        found.notes.append(
            "通报：taizhang.toml 的 [delivery] 中没有 bulletin_to（主送）或 bulletin_cc（抄送），未发送。"
        )
        return
    path = (own or candidates)[-1]
    digest = document_hash(path)
    for role, recipients in (("主送", to), ("抄送", cc)):
        for recipient in recipients:
            extra: dict[str, object] = {"role": role}
            found.messages.append(Outgoing(BULLETIN, period, recipient, (recipient,), (), path, digest, extra))
