"""重跑: a month whose inputs did not change since its last complete run is not made again.

A run records what it was made from as one key (`fingerprint`) and the size and time of every document it wrote;
the next run of the month computes the key again and, when it is the same and no document was edited or deleted,
answers with the recorded result. Deleting .taizhang-cache/ forgets the records: the next run makes the month.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from generator.cache import ContentCache, file_hash, key_of
from generator.documents import TEMPLATES
from generator.intake import received_files
from generator.ledger.files import Limits
from generator.safety import is_link
from generator.store import History, deadlines
from generator.store.models import MonthRow
from generator.workspace import Workspace


def fingerprint(
    ws: Workspace, period: str, issued_on: date, make_pdf: bool, plan_key: str, limits: Limits, history: History
) -> str:
    """Everything a month's documents are made from, as one key: the received files' bytes, the plan, the
    settings, the templates, the bulletin date, the code (key_of) and the history's stored months and approved
    extensions (another month stored again changes this one's comparisons and trends)."""
    files = []
    for path in received_files(ws.period_inputs(period)):
        try:
            files.append((path.name, "link" if is_link(path) else file_hash(path) if path.is_file() else "folder"))
        except OSError as exc:
            files.append((path.name, f"unreadable {exc.errno}"))
    settings = file_hash(ws.config_path) if ws.config_path.is_file() else ""
    templates = [file_hash(ws.template(name)) for name in TEMPLATES if ws.template(name).is_file()]
    with Session(history.engine) as session:
        months = session.execute(select(MonthRow.period, MonthRow.issue_no, MonthRow.stored_at)).all()
    changes = deadlines.changes_in_force(history.engine, period)
    return key_of(
        "run",
        period,
        issued_on,
        make_pdf,
        plan_key,
        files,
        settings,
        templates,
        repr(limits),
        ws.db_url,
        sorted(map(repr, months)),
        sorted(map(repr, changes.items())),
    )


def _state(paths: list[Path]) -> dict[str, tuple[int, int]]:
    out = {}
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        out[str(path)] = (info.st_size, info.st_mtime_ns)
    return out


def record(cache: ContentCache, period: str, key: str, written: list[Path], result: object) -> None:
    """Keep `result` under the month with the key it was made from and the size and time of every document."""
    cache.put("run", key_of("run-record", period), (key, _state(written), result))


def recorded(cache: ContentCache, period: str, key: str) -> tuple[object, list[str]] | None:
    """The recorded result and the names of the documents it wrote, when the month was made from `key` and every
    one of them is still there, untouched (a clerk who edits or deletes one gets the month made again); else None."""
    found = cache.get("run", key_of("run-record", period))
    if not isinstance(found, tuple) or len(found) != 3 or found[0] != key:
        return None
    _, state, result = found
    if not isinstance(state, dict) or _state([Path(p) for p in state]) != state:
        return None
    return result, [Path(p).name for p in state]
