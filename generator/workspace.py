"""A workspace (工作区): a folder with inputs/ (plan.xlsx and one folder of received ledgers per month) and outputs/.

The repository root is itself a workspace holding the shipped example.
"""

from __future__ import annotations

import calendar
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.errors import TaizhangError
from generator.ledger.files import Limits
from generator.periods import check_period

SHIPPED_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
REPORT_DUE_DAY = 5  # 报送截止日: units report by the 5th of the next month unless taizhang.toml [office] says otherwise
RECEIPTS = "回执"  # outputs/<period>/回执/; taizhang before 0.2 wrote receipts/
_PERIOD_DIR = re.compile(r"^\d{4}-\d{2}$")


@dataclass(frozen=True)
class Workspace:
    root: Path
    db: str | None = None  # a database URL given on the command line (--db), over taizhang.toml

    @property
    def db_url(self) -> str:
        """--db, else [database] url in taizhang.toml, else the SQLite file in the workspace."""
        if self.db:
            return self.db
        url = self._config().get("database", {}).get("url")
        return str(url) if url else f"sqlite:///{self.db_path}"

    @property
    def inputs(self) -> Path:
        return self.root / "inputs"

    @property
    def outputs(self) -> Path:
        return self.root / "outputs"

    @property
    def plan_path(self) -> Path:
        return self.inputs / "plan.xlsx"

    @property
    def db_path(self) -> Path:
        return self.root / "taizhang.sqlite"

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def config_path(self) -> Path:
        return self.root / "taizhang.toml"

    def limits(self) -> Limits:
        """[limits] of taizhang.toml: max_file_mb (uncompressed), max_rows and max_cells per sheet; else defaults."""
        config = self._config().get("limits", {})
        try:
            default = Limits()
            return Limits(
                max_uncompressed_bytes=int(config.get("max_file_mb", default.max_uncompressed_bytes // 2**20)) * 2**20,
                max_rows=int(config.get("max_rows", default.max_rows)),
                max_cells=int(config.get("max_cells", default.max_cells)),
                max_sheet_bytes=int(config.get("max_sheet_mb", default.max_sheet_bytes // 2**20)) * 2**20,
            )
        except (ValueError, TypeError) as exc:
            raise TaizhangError(f"配置文件 {self.config_path.name} 的 [limits] 有误：{exc}") from exc

    def config(self) -> dict:
        """taizhang.toml as a dict (empty when there is none); a malformed file is a TaizhangError."""
        return self._config()

    def settings(self, section: str) -> dict:
        """One section of taizhang.toml ([office], [assessment] …), empty when absent."""
        value = self._config().get(section, {})
        if not isinstance(value, dict):
            raise TaizhangError(f"配置文件 {self.config_path.name} 的 [{section}] 应为一节设置。")
        return value

    def _config(self) -> dict:
        if not self.config_path.exists():
            return {}
        try:
            return tomllib.loads(self.config_path.read_text("utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise TaizhangError(f"配置文件 {self.config_path.name} 有误：{exc}") from exc

    def period_inputs(self, period: str) -> Path:
        return self.inputs / check_period(period)

    def period_outputs(self, period: str) -> Path:
        return self.outputs / check_period(period)

    def template(self, name: str) -> Path:
        """The workspace's own edited template when there is one, else the shipped one."""
        own = self.root / "templates" / name
        return own if own.exists() else SHIPPED_TEMPLATES / name

    def periods(self) -> list[str]:
        """Months with a folder of received ledgers, oldest first."""
        if not self.inputs.is_dir():
            return []
        return sorted(p.name for p in self.inputs.iterdir() if p.is_dir() and _PERIOD_DIR.match(p.name))

    def latest_period(self) -> str:
        """The latest month whose folder holds a received file (an empty folder made in advance is not it)."""
        from generator.intake import received_files

        periods = self.periods()
        if not periods:
            raise TaizhangError(f"{self.inputs} 下没有报送期文件夹（如 2018-05）：请用 --period 指定，或先放入台账。")
        with_files = [p for p in periods if received_files(self.inputs / p)]
        if not with_files:
            raise TaizhangError(
                f"{self.inputs} 下的报送期文件夹（{'、'.join(periods)}）中还没有台账：请先放入各单位报送的台账，"
                "或用 --period 指定。"
            )
        return with_files[-1]

    def report_due_day(self) -> int:
        """[office] report_due_day of taizhang.toml: the day of the next month units report by (default 5)."""
        value = self._config().get("office", {}).get("report_due_day", REPORT_DUE_DAY)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 31:
            raise TaizhangError(f"配置文件 {self.config_path.name} 的 [office] report_due_day 应为 1—31 的整数。")
        return value

    def bulletin_date(self, period: str) -> date:
        """The default date of a month's bulletin: the report due day of the month after it (2018-05 → 2018-06-05);
        a due day past the month's end (31 in June) is its last day."""
        year, month = map(int, check_period(period).split("-"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if year > date.max.year:
            raise TaizhangError(f"报送期 {period} 之后没有可用的日期：请用 --date 指定印发日期。")
        return date(year, month, min(self.report_due_day(), calendar.monthrange(year, month)[1]))


def open_workspace(folder: Path, db: str | None = None) -> Workspace:
    ws = Workspace(folder.resolve(), db)
    if not ws.inputs.is_dir():
        raise TaizhangError(f"{ws.root} 不是工作区（缺少 inputs 文件夹）：可用 taizhang init {folder} 新建。")
    return ws


def init_workspace(folder: Path) -> Workspace:
    """Create inputs/, outputs/ and an empty plan.xlsx for the office to fill in."""
    from generator.plan.write import write_empty_plan

    ws = Workspace(folder.resolve())
    ws.inputs.mkdir(parents=True, exist_ok=True)
    ws.outputs.mkdir(exist_ok=True)
    if not ws.plan_path.exists():
        write_empty_plan(ws.plan_path)
    return ws
