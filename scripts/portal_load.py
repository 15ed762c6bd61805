"""Load test of the portal: N units upload their ledgers at the same moment (the last minutes before the deadline).

Builds a workspace with a synthetic plan of N units, starts `taizhang serve` in a subprocess on a free loopback port
(against SQLite, or PostgreSQL with --db), lets every unit open its link, then fires all uploads at once. One unit in
four sends a ledger with a wrong 完成百分比. Checks afterwards: every file is stored exactly once in inputs/<period>/
and once in the archive, byte for byte; every receipt says what it should (accepted, the error at its cell or none);
the portal's records and the audit log have one upload per unit. Prints the p50/p95/max time from sending a file to
receiving its receipt page.

    python scripts/portal_load.py [--units 200] [--db postgresql+psycopg://user:pw@127.0.0.1/db]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from benchmark import synthetic_plan, write_ledger
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from generator.plan.write import write_plan
from generator.portal import auth
from generator.portal.models import AuditEntry, Upload
from generator.store import History

PERIOD = "2024-05"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(root: Path, units: int, db: str | None) -> tuple[dict[str, str], dict[str, tuple[Path, bool]]]:
    plan = synthetic_plan(units, 5)
    (root / "inputs" / PERIOD).mkdir(parents=True)
    (root / "outputs").mkdir()
    write_plan(plan, root / "inputs" / "plan.xlsx")
    ledgers: dict[str, tuple[Path, bool]] = {}
    (root / "sent").mkdir()
    for n, unit in enumerate(plan.units):
        path = root / "sent" / f"{unit.short_name}.xlsx"
        write_ledger(plan, unit, path)
        wrong = n % 4 == 0
        if wrong:  # 完成百分比 of the first task → text: percent-invalid at H4
            import openpyxl

            book = openpyxl.load_workbook(path)
            book["重点任务"]["H4"].value = "很多"
            book.save(path)
        ledgers[unit.name] = (path, wrong)
    tokens = {}
    with History(db or f"sqlite:///{root / 'taizhang.sqlite'}") as history:
        for unit in plan.units:
            tokens[unit.name] = auth.issue_token(history.engine, unit.name).token
    return tokens, ledgers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--db", help="a database URL (default: SQLite in the workspace)")
    parser.add_argument("--workers", type=int, default=1, help="taizhang serve --workers")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="taizhang-load-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        tokens, ledgers = prepare(root, args.units, args.db)
        print(f"工作区与 {args.units} 个单位的台账、链接已准备（{time.perf_counter() - started:.1f} s）")
        port = free_port()
        command = [sys.executable, "-m", "generator", "serve", str(root), "--port", str(port)]
        command += ["--workers", str(args.workers)]
        if args.db:
            command += ["--db", args.db]
        server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(200):
                try:
                    httpx.get(f"{base}/login", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            results = run_clients(base, tokens, ledgers)
        finally:
            server.terminate()
            output, _ = server.communicate(timeout=20)
        check(root, args.db, ledgers, results)
        times = sorted(t for t, _ in results.values())
        p95 = times[max(0, round(0.95 * len(times)) - 1)]
        print(
            f"{len(times)} 个单位同时上传：收到回执用时 p50 {statistics.median(times):.2f} s，"
            f"p95 {p95:.2f} s，最长 {times[-1]:.2f} s"
            f"（{'PostgreSQL' if args.db else 'SQLite'}，{args.workers} 个工作进程）"
        )
        if output.strip():
            print(output[-2000:])


def run_clients(base: str, tokens: dict[str, str], ledgers: dict[str, tuple[Path, bool]]) -> dict[str, tuple]:
    clients: dict[str, tuple[httpx.Client, str]] = {}

    def open_link(unit: str) -> None:
        client = httpx.Client(base_url=base, timeout=300, follow_redirects=True)
        page = client.get(f"/u/{tokens[unit]}")
        page.raise_for_status()
        clients[unit] = (client, CSRF.search(page.text)[1])

    with ThreadPoolExecutor(64) as pool:
        list(pool.map(open_link, tokens))
    gate = threading.Barrier(len(tokens))
    results: dict[str, tuple] = {}

    def send(unit: str) -> None:
        client, csrf = clients[unit]
        path = ledgers[unit][0]
        data = path.read_bytes()
        gate.wait()
        start = time.perf_counter()
        response = client.post("/unit/upload", data={"csrf": csrf, "period": PERIOD}, files={"file": (path.name, data)})
        results[unit] = (time.perf_counter() - start, response)

    with ThreadPoolExecutor(len(tokens)) as pool:
        list(pool.map(send, tokens))
    for client, _ in clients.values():
        client.close()
    return results


def check(root: Path, db: str | None, ledgers: dict[str, tuple[Path, bool]], results: dict[str, tuple]) -> None:
    failures = []
    for unit, (_, response) in results.items():
        wrong = ledgers[unit][1]
        text = response.text
        if response.status_code != 200 or "已采用" not in text:
            failures.append(f"{unit}: {response.status_code} {text[:200]}")
        elif wrong and not ("错误 1 个" in text and '<td class="cell">H4</td>' in text):
            failures.append(f"{unit}: 回执没有指出 H4 的错误")
        elif not wrong and "错误 0 个" not in text:
            failures.append(f"{unit}: 回执报告了不存在的错误")
    sent = {hashlib.sha256(p.read_bytes()).hexdigest() for p, _ in ledgers.values()}
    stored = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (root / "inputs" / PERIOD).iterdir()]
    archived = [p.name.split(".")[0] for p in (root / "archive").rglob("*.xlsx")]
    if sorted(stored) != sorted(sent):
        failures.append(f"inputs/{PERIOD}: {len(stored)} 个文件，应为 {len(sent)} 个且各不相同")
    if sorted(archived) != sorted(sent):
        failures.append(f"archive: {len(archived)} 个文件，应为 {len(sent)} 个")
    engine = create_engine(db or f"sqlite:///{root / 'taizhang.sqlite'}")
    with Session(engine) as session:
        uploads = session.scalar(select(func.count()).select_from(Upload))
        audited = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "upload"))
    engine.dispose()
    if uploads != len(ledgers) or audited != len(ledgers):
        failures.append(f"记录：{uploads} 条上传、{audited} 条日志，应为 {len(ledgers)}")
    if failures:
        print("失败：\n" + "\n".join(failures[:20]))
        sys.exit(1)
    print(f"检查通过：{len(sent)} 个文件各存一次（inputs 与 archive），{len(results)} 份回执全部正确，记录与日志齐全。")


if __name__ == "__main__":
    main()
