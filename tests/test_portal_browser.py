"""The portal in a real browser: Debian's headless Chromium driven by Selenium (no browser download), against the
app served by uvicorn on a free loopback port. Screenshots go to a temporary folder (TAIZHANG_SCREENSHOTS to keep
them elsewhere), never into the repository."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import pytest
import uvicorn
from portal_helpers import CLERK, INSPECTOR, OTHER, PASSWORD, PERIOD, UNIT, ledger, make_office

from generator.portal import auth
from generator.portal.app import create_app
from generator.run import run_period

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SHOTS = Path(os.environ.get("TAIZHANG_SCREENSHOTS") or tempfile.mkdtemp(prefix="taizhang-shots-"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def served(tmp_path):
    office = make_office(tmp_path)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(office), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield office, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    office.close()


@pytest.fixture()
def browser(tmp_path):
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        message = "Debian chromium and chromium-driver are needed (scripts/test installs them)"
        if os.environ.get("CI") or os.environ.get("TAIZHANG_TEST_STRICT"):
            pytest.fail(message)
        pytest.skip(message)
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never download a browser or a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1300,1000",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def shot(driver, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def by_css(driver, css: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, css)


def all_css(driver, css: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, css)


def click_and_wait(driver, element) -> None:
    """Click something that loads a new page and wait until it has (a loaded machine may take seconds)."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    page = by_css(driver, "html")
    element.click()

    def left(_driver) -> bool:
        # staleness_of, also when chromedriver answers a node of the old page with "Node with given id does not
        # belong to the document" (a WebDriverException, not StaleElementReferenceException) as it may on a slow
        # machine while the new page replaces the old one
        try:
            page.is_enabled()
        except WebDriverException:
            return True
        return False

    WebDriverWait(driver, 60).until(left)
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.readyState") == "complete")


def login(driver, base: str, name: str) -> None:
    driver.get(f"{base}/login")
    by_css(driver, "#name").send_keys(name)
    by_css(driver, "#password").send_keys(PASSWORD)
    click_and_wait(driver, by_css(driver, "#login"))


def test_unit_fixes_an_error_and_clerk_returns_it(served, browser, tmp_path):
    office, base = served
    link = auth.issue_token(office.engine, UNIT)
    browser.get(f"{base}/u/{link.token}")
    assert UNIT in by_css(browser, "header").text
    shot(browser, "1-unit-home")

    bad = ledger(tmp_path, UNIT, "管委会5月台账.xlsx", percent="很多")
    by_css(browser, "#ledger-file").send_keys(str(bad))
    click_and_wait(browser, by_css(browser, "#upload"))
    cells = [c.text for c in all_css(browser, "#problems td.cell") if c.text]
    shot(browser, "2-receipt-with-error")
    assert cells, browser.page_source
    import openpyxl

    sheet = openpyxl.load_workbook(bad)["重点任务"]
    assert any(sheet[c].value == "很多" for c in cells)  # the page names the cell the wrong value is in

    good = ledger(tmp_path, UNIT, "管委会5月台账（改）.xlsx", percent=80)
    by_css(browser, "#ledger-file").send_keys(str(good))
    click_and_wait(browser, by_css(browser, "#upload"))
    shot(browser, "3-receipt-accepted")
    assert "已采用" in by_css(browser, "#verdict").text and "错误 0 个" in by_css(browser, "#counts").text

    clerk = browser  # the same browser, another session after the unit's ends
    browser.delete_all_cookies()
    login(clerk, base, CLERK)
    row = by_css(clerk, f'#board tr[data-unit="{UNIT}"]')
    assert row.find_element("css selector", ".board-status").text == "已报送"
    shot(clerk, "4-clerk-board")
    row.find_element("css selector", "details summary").click()
    reason = "进展情况未写明完成的工程量，请补充后重新报送。"
    row.find_element("css selector", "textarea").send_keys(reason)
    click_and_wait(clerk, row.find_element("css selector", ".return-button"))
    row = by_css(clerk, f'#board tr[data-unit="{UNIT}"]')
    assert row.find_element("css selector", ".board-status").text == "已退回"
    shot(clerk, "5-clerk-returned")

    browser.delete_all_cookies()
    browser.get(f"{base}/u/{link.token}")
    shot(browser, "6-unit-sees-return")
    assert reason in [e.text for e in all_css(browser, ".return-reason")]


def test_inspector_clicks_a_figure_to_its_source(served, browser):
    office, base = served
    run_period(office.ws, PERIOD, date(2018, 6, 5))
    login(browser, base, INSPECTOR)
    browser.get(f"{base}/month?period={PERIOD}")
    shot(browser, "7-inspector-month")
    figure = all_css(browser, "#tasks a.figure")[0]
    target = figure.get_attribute("href")
    click_and_wait(browser, figure)
    assert browser.current_url == target
    shot(browser, "8-inspector-source")
    number = int(target.rsplit("/", 1)[1])
    counted = next(s for s in office.history.trace(PERIOD, "task", number) if s.counted)
    page = by_css(browser, ".source.counted")
    assert counted.file_name in page.text
    assert {c.cell for c in counted.cells} <= {e.text for e in page.find_elements("css selector", ".cell-ref")}


def test_another_units_link_gets_403(served, browser, tmp_path):
    office, base = served
    mine = office.receive_ledger(UNIT, PERIOD, open(ledger(tmp_path, UNIT, "a.xlsx"), "rb"), "a.xlsx")
    other = auth.issue_token(office.engine, OTHER)
    browser.get(f"{base}/u/{other.token}")
    browser.get(f"{base}/unit/uploads/{mine.id}")
    shot(browser, "9-other-unit-403")
    assert by_css(browser, "#error-status").text == "403"
    browser.get(f"{base}/u/{other.token[:-2]}xx")
    assert by_css(browser, "#error-status").text == "403"
