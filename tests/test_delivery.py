"""送达: `send`, `remind` and the outbox against a real SMTP server (aiosmtpd) and a webhook receiver on loopback.

Expected messages are derived from what `run` wrote (outputs/<period>/) and the plan's contacts, never listed by
hand; every received message is parsed back with the email package.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from mailserver import MailServer, Recorder, WebhookReceiver, self_signed, server_context
from pg import fresh_database

from generator.cli import main
from generator.cli.table import display_width
from generator.delivery import document_hash, due_date, load_settings, remind, send
from generator.delivery.outgoing import BULLETIN, LEDGER, RECEIPT, REMINDER, SUPERVISION, receipt_unit
from generator.delivery.settings import check_address
from generator.errors import TaizhangError
from generator.ledger.blank import ledger_file_name, write_blank_ledgers
from generator.plan import read_plan, write_plan
from generator.plan.contacts import Contact
from generator.store import History
from generator.store.outbox import Outbox
from generator.workspace import Workspace

PERIOD = "2018-05"
SENDER = "示范区创建办 <office@example.org>"
BULLETIN_TO = ("指挥长 <zhihuizhang@example.org>",)
BULLETIN_CC = ("督查室 <ducha@example.org>", "ducha2@example.org")


def settings_toml(ws: Workspace, webhook: str = "", **extra: object) -> None:
    lines = [
        "[delivery]",
        f'sender = "{SENDER}"',
        "bulletin_to = [" + ", ".join(f'"{a}"' for a in BULLETIN_TO) + "]",
        "bulletin_cc = [" + ", ".join(f'"{a}"' for a in BULLETIN_CC) + "]",
    ]
    if webhook:
        lines.append(f'webhook = "{webhook}"')
    lines += [f"{k} = {v}" for k, v in extra.items()]
    ws.config_path.write_text("\n".join(lines) + "\n", "utf-8")


@pytest.fixture
def sent_ws(example_run, tmp_path) -> Workspace:
    """A private copy of the example after `run` of 2018-04 and 2018-05, with the month's blank ledgers."""
    source, _, _ = example_run
    shutil.copytree(source.root, tmp_path / "ws")
    ws = Workspace(tmp_path / "ws")
    write_blank_ledgers(read_plan(ws.plan_path), PERIOD, ws.period_outputs(PERIOD) / "空白台账")
    return ws


def expected_mail(ws: Workspace) -> dict[tuple[str, str], Path]:
    """(recipient address, attachment name) → the document, from the outputs and the plan's contacts."""
    plan = read_plan(ws.plan_path)
    out = ws.period_outputs(PERIOD)
    expected: dict[tuple[str, str], Path] = {}
    for unit in plan.reporting_units():
        path = out / "空白台账" / ledger_file_name(unit, PERIOD)
        for address in plan.contacts[unit.name].emails:
            expected[(address, path.name)] = path
    receipts = [p for name in ("回执", "receipts") for p in (out / name).glob("*.xlsx")]
    for path in receipts:
        for address in plan.contacts[receipt_unit(plan, path.name)].emails:
            expected[(address, path.name)] = path
    for unit in plan.units:
        reminder = out / "催报通知" / f"{unit.short_name}.docx"
        if reminder.exists():
            for address in plan.contacts[unit.name].emails:
                expected[(address, reminder.name)] = reminder
        supervision = out / "督办通知" / f"{unit.short_name}.docx"
        if supervision.exists():
            contact = plan.contacts[unit.name]
            for address in contact.leader_emails + contact.emails:
                expected[(address, supervision.name)] = supervision
    bulletin = next(out.glob("*通报（第*期）.docx"))
    for recipient in BULLETIN_TO + BULLETIN_CC:
        expected[(re.sub(r".*<(.*)>", r"\1", recipient), bulletin.name)] = bulletin
    return expected


def received_pairs(server: MailServer) -> list[tuple[str, str, bytes]]:
    pairs = []
    for received in server.received:
        attachments = list(received.message.iter_attachments())
        assert len(attachments) == 1
        for address in received.recipients:
            pairs.append((address, attachments[0].get_filename(), attachments[0].get_content()))
    return pairs


def test_every_kind_arrives_once_with_its_document_and_a_second_send_sends_nothing(sent_ws):
    ws = sent_ws
    runner = CliRunner()
    with MailServer() as server, WebhookReceiver() as hook:
        settings_toml(ws, hook.url)
        result = runner.invoke(main, ["send", str(ws.root), "--period", PERIOD, "--smtp", server.url])
        assert result.exit_code == 0, result.output
        expected = expected_mail(ws)
        pairs = received_pairs(server)
        assert sorted((a, n) for a, n, _ in pairs) == sorted(expected)  # each once, nothing else
        for address, name, content in pairs:
            assert content == expected[(address, name)].read_bytes()
        kinds = {LEDGER, RECEIPT, REMINDER, SUPERVISION, BULLETIN}
        assert {p["kind"] for p in hook.posts} == kinds  # the example month has every kind
        assert len(hook.posts) == len(server.received)
        for received in server.received:
            raw = received.raw.decode("ascii")  # headers and names are encoded, never raw UTF-8
            assert "=?utf-8?" in raw.split("\r\n\r\n")[0] or "=?utf-8?" in raw.split("\n\n")[0]
            assert "filename*" in raw  # RFC 2231
            message = received.message
            assert re.search(r"[\u4e00-\u9fff]", str(message["Subject"]))
            assert message["From"].addresses[0].display_name == "示范区创建办"
            body = message.get_body(("plain",)).get_content()
            assert next(message.iter_attachments()).get_filename() in body
        supervision = [
            r
            for r in server.received
            if next(r.message.iter_attachments()).get_filename()
            in {p.name for p in (ws.period_outputs(PERIOD) / "督办通知").glob("*.docx")}
        ]
        plan = read_plan(ws.plan_path)
        leaders = {a for c in plan.contacts.values() for a in c.leader_emails}
        assert supervision and all(r.message["To"].addresses[0].addr_spec in leaders for r in supervision)

        count, posts = len(server.received), len(hook.posts)
        again = runner.invoke(main, ["send", str(ws.root), "--period", PERIOD, "--smtp", server.url])
        assert again.exit_code == 0, again.output
        assert (len(server.received), len(hook.posts)) == (count, posts)
        assert "发送 0 封" in again.output and f"已发过 {count + posts} 封" in again.output

    with History(ws.db_url) as history:
        entries = Outbox(history.engine).entries(PERIOD)
    assert len(entries) == count + posts and {e.status for e in entries} == {"sent"}
    assert all(e.attempts == 1 and e.answer for e in entries)
    mail_hashes = {(e.unit, e.document): e.document_sha256 for e in entries if e.channel == "mail"}
    for (_unit, name), digest in mail_hashes.items():
        assert digest == document_hash(next(ws.period_outputs(PERIOD).rglob(name)))

    table = runner.invoke(main, ["outbox", str(ws.root), "--period", PERIOD])
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0].split()[:4] == ["时间", "渠道", "类别", "报送期"]
    column = display_width(lines[0][: lines[0].index("报送期")])
    rows = [line for line in lines[2:] if PERIOD in line]
    assert len(rows) == count + posts
    assert all(display_width(row[: row.index(PERIOD)]) == column for row in rows)  # Chinese columns line up


def test_rerunning_the_month_changes_no_document_hash(sent_ws):
    """Regenerated documents differ in their saved-at time only: the outbox must not see new documents."""
    from generator.run import run_period

    ws = sent_ws
    out = ws.period_outputs(PERIOD)
    before = {p.name: document_hash(p) for p in out.rglob("*.*") if p.suffix in (".docx", ".xlsx")}
    run_period(ws, PERIOD, date(2018, 6, 5))
    after = {p.name: document_hash(p) for p in out.rglob("*.*") if p.suffix in (".docx", ".xlsx")}
    assert before == after


def test_dry_run_shows_what_would_go_and_sends_nothing(sent_ws):
    ws = sent_ws
    settings_toml(ws)
    with MailServer() as server:
        result = CliRunner().invoke(main, ["send", str(ws.root), "-p", PERIOD, "--smtp", server.url, "--dry-run"])
        assert result.exit_code == 0, result.output
        assert server.received == []
    expected = expected_mail(ws)
    messages = result.output.count("将发送  邮件")
    unit_documents = {p for p in expected.values() if "通报" not in p.name}  # one message per unit document
    assert messages == len(unit_documents) + len(BULLETIN_TO + BULLETIN_CC)  # and per bulletin recipient
    assert f"将发送 {messages} 封" in result.output
    with History(ws.db_url) as history:
        assert Outbox(history.engine).entries() == []


def run_drop_mid_batch(ws: Workspace) -> None:
    settings_toml(ws, retry_minutes=5)
    first = Recorder(drop_after=3)
    with MailServer(first) as server:
        report = send(ws, PERIOD, smtp=server.url)
    assert len(first.received) == 3 and first.dropped >= 1
    went = [d for d in report.deliveries if d.status == "sent"]
    waiting = [d for d in report.deliveries if d.status == "retry"]
    assert len(went) == 3 and len(waiting) == len(report.deliveries) - 3 and waiting
    assert all("断开" in d.answer and d.next_retry_at for d in waiting)
    with History(ws.db_url) as history:
        entries = Outbox(history.engine).entries(PERIOD)
    assert sorted(e.status for e in entries) == sorted(["sent"] * 3 + ["retry"] * len(waiting))
    sent_docs = {(e.recipients, e.document) for e in entries if e.status == "sent"}
    assert sent_docs == {
        (", ".join(r.recipients), next(r.message.iter_attachments()).get_filename()) for r in first.received
    }

    with MailServer() as server:  # the server is back, but the retry is not due yet
        early = send(ws, PERIOD, smtp=server.url)
        assert server.received == [] and early.count("waiting") == len(waiting)
        later = send(ws, PERIOD, smtp=server.url, now=datetime.now() + timedelta(minutes=6))
        assert later.count("sent") == len(waiting) and later.count("already-sent") == 3
        resent = {(", ".join(r.recipients), next(r.message.iter_attachments()).get_filename()) for r in server.received}
    assert not resent & sent_docs  # nothing that went before the drop went again
    with History(ws.db_url) as history:
        entries = Outbox(history.engine).entries(PERIOD)
    assert {e.status for e in entries} == {"sent"}
    assert sorted(e.attempts for e in entries) == [1] * 3 + [2] * len(waiting)


def test_a_server_dropping_the_connection_mid_batch_leaves_the_rest_for_a_retry(sent_ws):
    run_drop_mid_batch(sent_ws)


def test_the_outbox_on_postgresql(sent_ws):
    url, drop = fresh_database()
    try:
        ws = dataclasses.replace(sent_ws, db=url)
        from generator.run import run_period

        run_period(ws, PERIOD, date(2018, 6, 5))  # the month's history in PostgreSQL
        run_drop_mid_batch(ws)
    finally:
        drop()


def test_bad_addresses_and_full_mailboxes_are_reported_per_message_and_the_rest_still_go(sent_ws):
    ws = sent_ws
    plan = read_plan(ws.plan_path)
    units = [u.name for u in plan.reporting_units()]
    broken = {
        units[0]: Contact("甲", ("not an address@@",)),
        units[1]: Contact("乙", ("full@example.org",)),
        units[2]: Contact("丙", ("nobody@example.org",)),
    }
    write_plan(dataclasses.replace(plan, contacts={**plan.contacts, **broken}), ws.plan_path)
    settings_toml(ws)
    with MailServer() as server:
        report = send(ws, PERIOD, (LEDGER, RECEIPT), smtp=server.url)
        by_unit: dict[str, set[str]] = {}
        for d in report.deliveries:
            by_unit.setdefault(d.unit, set()).add(d.status)
        short = {u.name: u.short_name for u in plan.units}
        assert by_unit[short[units[0]]] == {"failed"}  # malformed: not retried until corrected
        assert by_unit[short[units[1]]] == {"retry"}  # 552 mailbox full: may clear
        assert by_unit[short[units[2]]] == {"failed"}  # 550 no such user
        others = set(short[u] for u in units[3:])
        assert others and all(by_unit[u] == {"sent"} for u in others)
        answers = {d.unit: d.answer for d in report.deliveries}
        assert "552" in answers[short[units[1]]] and "550" in answers[short[units[2]]]
        assert "格式不对" in answers[short[units[0]]] or "无法识别" in answers[short[units[0]]]
        assert {r.recipients[0] for r in server.received} == {a for u in units[3:] for a in plan.contacts[u].emails}

        # the address is corrected in the plan: the failed message goes on the next send, the others do not
        fixed = {**plan.contacts, **broken, units[0]: Contact("甲", ("fixed@example.org",))}
        write_plan(dataclasses.replace(plan, contacts=fixed), ws.plan_path)
        before = len(server.received)
        second = send(ws, PERIOD, (LEDGER, RECEIPT), smtp=server.url)
        new = server.received[before:]
        assert new and {r.recipients[0] for r in new} == {"fixed@example.org"}
        assert second.count("gave-up") == len([d for d in report.deliveries if d.unit == short[units[2]]])


def test_starttls_and_login(sent_ws, tmp_path, monkeypatch):
    from mailserver import Authenticator

    cert, key = self_signed(tmp_path)
    monkeypatch.setenv("TAIZHANG_SMTP_USER", "clerk")
    monkeypatch.setenv("TAIZHANG_SMTP_PASSWORD", "s3cret")
    monkeypatch.setenv("TAIZHANG_SMTP_CAFILE", str(cert))
    settings_toml(sent_ws)
    server = MailServer(
        tls_context=server_context(cert, key),
        require_starttls=True,
        authenticator=Authenticator("clerk", "s3cret"),
        auth_require_tls=True,
    )
    with server:
        report = send(sent_ws, PERIOD, (BULLETIN,), smtp=server.url)
    assert report.count("sent") == len(BULLETIN_TO + BULLETIN_CC) == len(server.received)
    assert {r.login for r in server.received} == {"clerk"}

    monkeypatch.setenv("TAIZHANG_SMTP_PASSWORD", "wrong")
    with MailServer(
        tls_context=server_context(cert, key), authenticator=Authenticator("clerk", "s3cret"), auth_require_tls=True
    ) as server:
        report = send(sent_ws, PERIOD, (REMINDER,), smtp=server.url)
    assert server.received == [] and report.count("retry") == len(report.deliveries) > 0
    assert all("登录失败" in d.answer for d in report.deliveries)


def test_ssl(sent_ws, tmp_path, monkeypatch):
    cert, key = self_signed(tmp_path)
    monkeypatch.setenv("TAIZHANG_SMTP_CAFILE", str(cert))
    settings_toml(sent_ws)
    with MailServer(ssl_context=server_context(cert, key)) as server:
        assert server.url.startswith("smtps://")
        report = send(sent_ws, PERIOD, (BULLETIN,), smtp=server.url)
    assert report.count("sent") == len(server.received) == len(BULLETIN_TO + BULLETIN_CC)


def test_webhook_failures_are_retried_and_never_repeat_a_post(sent_ws):
    ws = sent_ws
    with WebhookReceiver(status=503) as hook:
        settings_toml(ws, hook.url)
        report = send(ws, PERIOD, (REMINDER, SUPERVISION))
        assert hook.posts == [] and report.count("retry") == len(report.deliveries) > 0
        assert all("503" in d.answer for d in report.deliveries)
        hook.status = 200
        send(ws, PERIOD, (REMINDER, SUPERVISION), now=datetime.now() + timedelta(hours=1))
        send(ws, PERIOD, (REMINDER, SUPERVISION), now=datetime.now() + timedelta(hours=2))
        assert len(hook.posts) == len(report.deliveries)
        assert {p["kind"] for p in hook.posts} == {REMINDER, SUPERVISION}
        assert all(p["document_sha256"] and p["subject"] for p in hook.posts)


def test_remind_follows_the_schedule_and_reaches_only_units_that_have_not_reported(sent_ws, example_run):
    ws = sent_ws
    _, results, _ = example_run
    plan = read_plan(ws.plan_path)
    settings_toml(ws)
    due = due_date(ws, PERIOD)
    missing = {plan.unit(u).short_name for u in results[PERIOD].month.missing_units}
    assert missing and len(missing) < len(plan.reporting_units())
    with MailServer() as server:
        runner = CliRunner()
        for days_before in range(0, 8):
            today = due - timedelta(days=days_before)
            report = remind(ws, today, smtp=server.url)
            if days_before in (5, 3, 2, 1):
                assert {d.unit for d in report.deliveries} == missing, today
                assert report.count("sent") == len(missing)
            else:
                assert report.deliveries == [] and "不是提醒日" in report.notes[0]
        assert len(server.received) == 4 * len(missing)
        again = runner.invoke(
            main, ["remind", str(ws.root), "--today", str(due - timedelta(days=1)), "--smtp", server.url]
        )
        assert again.exit_code == 0, again.output
        assert len(server.received) == 4 * len(missing)  # a day's reminder is sent once
        short_of = {a: plan.unit(u).short_name for u, c in plan.contacts.items() for a in c.emails}
        for r in server.received:  # the subject names the unit it is for, and what is due
            assert short_of[r.recipients[0]] in str(r.message["Subject"]) and "提醒" in str(r.message["Subject"])
        days_left = sorted(
            int(m)
            for r in server.received
            for m in re.findall(r"还有(\d+)天", r.message.get_body(("plain",)).get_content())
        )
        assert days_left == sorted([5, 3, 2, 1] * len(missing))

        # a month nobody has reported yet: every reporting unit with an address is reminded
        june_due = due_date(ws, "2018-06")
        report = remind(ws, june_due - timedelta(days=5), smtp=server.url)
        assert {d.unit for d in report.deliveries} == {u.short_name for u in plan.reporting_units()}
        assert report.deliveries


def test_auto_delivery_for_watch(sent_ws):
    from generator.delivery import auto_deliver

    ws = sent_ws
    with MailServer() as server:
        settings_toml(ws, smtp=f'"{server.url}"')
        assert auto_deliver(ws, PERIOD, date(2018, 6, 20)) is None  # auto is off by default
        settings_toml(ws, smtp=f'"{server.url}"', auto="true")
        report = auto_deliver(ws, PERIOD, due_date(ws, PERIOD) - timedelta(days=2))
        assert report is not None
        kinds = {d.kind for d in report.deliveries}
        assert kinds == {RECEIPT, "报送提醒"}
        assert len(server.received) == report.count("sent") > 0


def test_settings_smtp_url_and_credentials(monkeypatch):
    env = {"TAIZHANG_SMTP_USER": "u", "TAIZHANG_SMTP_PASSWORD": "p"}
    s = load_settings({"delivery": {"smtp": "smtp://mail.example.org:587?starttls=1"}}, env=env).smtp
    assert (s.host, s.port, s.starttls, s.ssl, s.user, s.password) == ("mail.example.org", 587, True, False, "u", "p")
    s = load_settings({"delivery": {"smtp": "smtps://mail.example.org"}}, env={}).smtp
    assert (s.port, s.ssl, s.starttls) == (465, True, False)
    over = load_settings({"delivery": {"smtp": "smtp://a.example.org"}}, env={"TAIZHANG_SMTP_URL": "smtp://b:26"})
    assert (over.smtp.host, over.smtp.port) == ("b", 26)
    cli = load_settings({}, "smtp://c:27", env={"TAIZHANG_SMTP_URL": "smtp://b:26"})
    assert (cli.smtp.host, cli.smtp.port) == ("c", 27)
    with pytest.raises(TaizhangError, match="TAIZHANG_SMTP_PASSWORD"):
        load_settings({"delivery": {"smtp": "smtp://user:pw@a.example.org"}}, env={})
    with pytest.raises(TaizhangError, match="smtp://"):
        load_settings({}, "http://a.example.org", env={})
    assert load_settings({}, env={}).remind_days == (5, 3, 2, 1)


@pytest.mark.parametrize(
    ("address", "ok"),
    [
        ("a@example.org", True),
        ("区农办 <nongban@example.org>", True),
        ("nongban@example", False),
        ("not an address@@", False),
        ("", False),
        ("a@example.org\r\nBcc: x@example.org", False),
    ],
)
def test_check_address(address, ok):
    assert (check_address(address) is None) == ok


def test_contacts_round_trip_and_plans_without_them(plan, tmp_path):
    assert plan.contacts and all(c.emails for c in plan.contacts.values())  # the shipped example carries them
    assert all(a.endswith("@example.org") for c in plan.contacts.values() for a in c.emails + c.leader_emails)
    bare = dataclasses.replace(plan, contacts={})
    write_plan(bare, tmp_path / "bare.xlsx")
    assert read_plan(tmp_path / "bare.xlsx").contacts == {}
    two = {plan.units[0].name: Contact("张三", ("a@example.org", "b@example.org"), "李四", ("c@example.org",))}
    write_plan(dataclasses.replace(plan, contacts=two), tmp_path / "two.xlsx")
    assert read_plan(tmp_path / "two.xlsx").contacts == two


def test_send_without_a_server_is_a_clear_stop(sent_ws, monkeypatch):
    monkeypatch.delenv("TAIZHANG_SMTP_URL", raising=False)
    settings_toml(sent_ws)
    result = CliRunner().invoke(main, ["send", str(sent_ws.root), "-p", PERIOD])
    assert result.exit_code == 2 and "没有配置邮件服务器" in result.output


@pytest.mark.parametrize("example", ["jiaozuo", "hailing"])
def test_send_runs_on_the_shipped_examples(example, example_run, hailing_run, tmp_path):
    from conftest import HAILING, ROOT

    source, settings = (example_run[0], ROOT) if example == "jiaozuo" else (hailing_run[0], HAILING)
    period = PERIOD if example == "jiaozuo" else "2018-06"
    shutil.copytree(source.root, tmp_path / "ws")
    shutil.copy(settings / "taizhang.toml", tmp_path / "ws" / "taizhang.toml")
    ws = Workspace(tmp_path / "ws")
    with MailServer() as server:
        result = CliRunner().invoke(main, ["send", str(ws.root), "-p", period, "--smtp", server.url])
        assert result.exit_code == 0, result.output
    bulletin = load_settings(ws.config(), env={})
    plan = read_plan(ws.plan_path)
    addresses = {a for c in plan.contacts.values() for a in c.emails + c.leader_emails}
    addresses |= {re.sub(r".*<(.*)>", r"\1", a) for a in bulletin.bulletin_to + bulletin.bulletin_cc}
    received = {a for r in server.received for a in r.recipients}
    assert received and received <= addresses and all(a.endswith("@example.org") for a in received)
    kinds = {next(r.message.iter_attachments()).get_filename().split(".")[-1] for r in server.received}
    assert kinds == {"xlsx", "docx"}  # receipts and letters/bulletin


def test_blank_ledgers_issued_again_keep_their_hash_but_a_changed_plan_does_not(plan, tmp_path):
    import time

    first = write_blank_ledgers(plan, PERIOD, tmp_path / "a")
    time.sleep(1.1)  # the ledger records the second it was issued
    again = write_blank_ledgers(plan, PERIOD, tmp_path / "b")
    assert [document_hash(p) for p in first] == [document_hash(p) for p in again]
    assert first[0].read_bytes() != again[0].read_bytes()
    changed = dataclasses.replace(
        plan, tasks=[dataclasses.replace(plan.tasks[0], task=plan.tasks[0].task + "（调整）"), *plan.tasks[1:]]
    )
    edited = write_blank_ledgers(changed, PERIOD, tmp_path / "c")
    owner = plan.tasks[0].unit
    for before, after, unit in zip(first, edited, plan.reporting_units()):
        assert (document_hash(before) != document_hash(after)) == (unit.name == owner)


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_two_senders_at_once_send_each_message_once(sent_ws, database):
    """A clerk's `send` and a running `watch` at the same moment: the outbox claim lets only one send a message."""
    import threading

    ws, drop = sent_ws, None
    if database == "postgresql":
        url, drop = fresh_database()
        ws = dataclasses.replace(sent_ws, db=url)
        from generator.run import run_period

        run_period(ws, PERIOD, date(2018, 6, 5))
    try:
        settings_toml(ws)
        with MailServer() as server:
            reports, errors = [], []
            start = threading.Barrier(3)

            def sender() -> None:
                start.wait()
                try:
                    reports.append(send(ws, PERIOD, smtp=server.url))
                except Exception as exc:  # pragma: no cover - shown by the assertion below
                    errors.append(exc)

            threads = [threading.Thread(target=sender) for _ in range(3)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        assert not errors, errors
        keys = [(tuple(r.recipients), next(r.message.iter_attachments()).get_filename()) for r in server.received]
        assert len(keys) == len(set(keys)) > 0  # nothing twice
        assert sum(r.count("sent") for r in reports) == len(keys)
        assert len(keys) == len(reports[0].deliveries)  # and nothing left out
    finally:
        if drop:
            drop()


def test_watch_with_auto_delivery_mails_the_receipt_of_a_dropped_ledger(tmp_path):
    import threading
    import time

    from conftest import EXAMPLE_INPUTS

    from generator.cli.delivery import auto_delivery
    from generator.watch import watch

    ws = Workspace(tmp_path)
    (ws.inputs / PERIOD).mkdir(parents=True)
    shutil.copy(EXAMPLE_INPUTS / "plan.xlsx", ws.plan_path)
    plan = read_plan(ws.plan_path)
    with MailServer() as server:
        settings_toml(ws, smtp=f'"{server.url}"', auto="true", remind_days="[]")  # no reminder day: receipts only
        deliver = auto_delivery(ws)
        assert deliver is not None
        stop = threading.Event()
        thread = threading.Thread(
            target=watch,
            args=(ws, lambda result: deliver(result.period), stop),
            kwargs={"settle": 0.5, "poll": 0.1, "on_idle": lambda: deliver(None)},
        )
        thread.start()
        try:
            time.sleep(0.5)
            source = next((EXAMPLE_INPUTS / PERIOD).glob("区农办*.xlsx"))
            shutil.copy(source, ws.inputs / PERIOD / source.name)
            deadline = time.monotonic() + 90
            while not server.received and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(1)  # anything sent twice would arrive now
        finally:
            stop.set()
            thread.join(timeout=30)
    assert len(server.received) == 1
    message = server.received[0]
    assert message.recipients == list(plan.contacts[plan.units[0].name].emails)
    assert next(message.message.iter_attachments()).get_filename() == "区农办.xlsx"


def test_a_server_that_refuses_connections_leaves_every_message_for_a_retry(sent_ws):
    from mailserver import free_port

    settings_toml(sent_ws)
    started = datetime.now()
    report = send(sent_ws, PERIOD, (RECEIPT, REMINDER), smtp=f"smtp://127.0.0.1:{free_port()}")
    assert report.deliveries and report.count("retry") == len(report.deliveries)
    assert all("无法连接邮件服务器" in d.answer and d.next_retry_at > started for d in report.deliveries)
    assert (datetime.now() - started).total_seconds() < 10  # one failed connection, not one per message

    runner, url = CliRunner(), f"smtp://127.0.0.1:{free_port()}"
    options = ["--period", PERIOD, "--smtp", url]
    assert runner.invoke(main, ["send", str(sent_ws.root), *options, "-k", "督办"]).exit_code == 0  # reported
    assert runner.invoke(main, ["send", str(sent_ws.root), *options, "-k", "通报", "--strict"]).exit_code == 1


def test_a_webhook_alone_reaches_units_without_an_address(sent_ws):
    ws = sent_ws
    plan = read_plan(ws.plan_path)
    write_plan(dataclasses.replace(plan, contacts={}), ws.plan_path)
    with WebhookReceiver() as hook:
        settings_toml(ws, hook.url)
        report = send(ws, PERIOD, (RECEIPT,))
        receipts = [p for name in ("回执", "receipts") for p in (ws.period_outputs(PERIOD) / name).glob("*.xlsx")]
        assert report.count("sent") == len(hook.posts) == len(receipts) > 0
        assert {p["document"] for p in hook.posts} == {p.name for p in receipts}
        assert all("不发邮件" in n for n in report.notes)
