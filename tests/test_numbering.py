"""文号: 发文字号 of the letters and 期号 of the bulletin: consecutive, stable on re-runs, never reused."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
from conftest import copy_example
from docx import Document
from pg import fresh_database
from sqlalchemy import create_engine

from generator.store import numbering
from generator.store.history import History
from generator.workspace import Workspace

NUMBER = re.compile(r"^(.+)〔(\d{4})〕([1-9]\d*)号$")


def _letter_numbers(ws: Workspace, period: str) -> dict[str, str]:
    """letter path (relative) → its 发文字号, read back from the DOCX."""
    out = {}
    for path in sorted(ws.period_outputs(period).glob("*通知/*.docx")):
        found = [p.text for p in Document(str(path)).paragraphs if NUMBER.match(p.text)]
        assert len(found) == 1, path
        out[f"{path.parent.name}/{path.name}"] = found[0]
    return out


def _three_months(tmp_path, db: str | None) -> Workspace:
    ws = copy_example(tmp_path)
    ws = Workspace(ws.root, db)
    shutil.copytree(ws.period_inputs("2018-05"), ws.period_inputs("2018-06"))  # a third month, same ledgers
    ws.config_path.write_text('[office.numbers]\nsupervision = "焦示城创办督"\nreminder = "焦示城创办催"\n', "utf-8")
    return ws


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request):
    if request.param == "sqlite":
        yield None
        return
    url, drop = fresh_database()
    yield url
    drop()


def test_numbers_are_consecutive_across_three_months_and_stable_on_reruns(tmp_path, database):
    from generator.run import run_period

    ws = _three_months(tmp_path, database)
    issues, letters = [], {}
    for n, period in enumerate(("2018-04", "2018-05", "2018-06"), start=1):
        issues.append(run_period(ws, period, date(2018, 4 + n, 5)).issue_no)
        letters[period] = _letter_numbers(ws, period)
    assert issues == [1, 2, 3]
    assert (ws.period_outputs("2018-06") / "工作进展通报（第3期）.docx").exists()
    by_kind: dict[str, list[int]] = {}
    for period in letters:
        for name, text in letters[period].items():
            prefix, year, number = NUMBER.match(text).groups()
            assert year == "2018"
            kind = name.split("/")[0]
            assert prefix == {"督办通知": "焦示城创办督", "催报通知": "焦示城创办催"}[kind]
            by_kind.setdefault(kind, []).append(int(number))
    assert set(by_kind) == {"督办通知", "催报通知"}
    for kind, numbers in by_kind.items():
        assert numbers == list(range(1, len(numbers) + 1)), kind  # consecutive, none reused, none skipped

    again = run_period(ws, "2018-05", date(2018, 6, 9))  # a re-run, another day: the same numbers
    assert again.issue_no == 2 and _letter_numbers(ws, "2018-05") == letters["2018-05"]
    fourth = run_period(ws, "2018-06", date(2018, 7, 5))
    assert fourth.issue_no == 3 and _letter_numbers(ws, "2018-06") == letters["2018-06"]


def test_a_month_run_out_of_order_gets_the_next_number_not_a_repeat(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'h.sqlite'}")
    History(tmp_path / "h.sqlite").close()  # creates the schema
    got = [
        numbering.reserve(engine, numbering.BULLETIN, 0, period, [""])[""]
        for period in ("2018-05", "2018-04", "2018-06", "2018-04")
    ]
    assert got == [1, 2, 3, 2]  # April, stored after May, keeps the number it was first given
    first = numbering.reserve(engine, numbering.SUPERVISION, 2018, "2018-05", ["甲", "乙"])
    second = numbering.reserve(engine, numbering.SUPERVISION, 2018, "2018-05", ["乙", "丙"])
    assert first == {"甲": 1, "乙": 2} and second == {"乙": 2, "丙": 3}
    assert numbering.reserve(engine, numbering.SUPERVISION, 2019, "2019-01", ["甲"]) == {"甲": 1}  # a new year
    engine.dispose()


def test_document_number_format_and_default_prefix():
    assert numbering.document_number("焦示城创办督", 2018, 3) == "焦示城创办督〔2018〕3号"
    assert numbering.default_prefix("焦示城创指〔2018〕6号", numbering.SUPERVISION) == "焦示城创指督"
    assert numbering.default_prefix("", numbering.REMINDER) == ""
