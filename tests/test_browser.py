"""Start `streamlit run`, open the overview in Debian Chromium, find the KPI cards and chart."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from support import ROOT, build_fixture_database, write_config

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    assert Path(CHROMIUM).exists(), "Debian Chromium is needed: apt-get install -y chromium"
    directory = tmp_path_factory.mktemp("browser")
    config = write_config(directory, build_fixture_database(directory))
    port = free_port()
    env = {**os.environ, "OUTREACH_CONFIG": str(config)}
    log = (directory / "streamlit.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            assert process.poll() is None, (directory / "streamlit.log").read_text()
            assert time.monotonic() < deadline, "streamlit did not answer /_stcore/health in 60 s"
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def test_overview_renders_kpi_cards_and_trend_in_vietnamese(server, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    external: list[str] = []
    page.on("request", lambda request: external.append(request.url)
            if not request.url.startswith((server, "data:", "blob:")) else None)
    page.goto(server + "/", wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
    page.wait_for_function("document.querySelectorAll('[data-testid=\"stMetric\"]').length >= 8", timeout=30_000)
    page.wait_for_selector(".js-plotly-plot .scatterlayer path", timeout=30_000)
    text = page.inner_text("body")
    for label in ("Tổng quan", "Buổi xuống cơ sở", "Trả lời đúng hạn", "Diễn biến theo tháng", "Số liệu đến ngày"):
        assert label in text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
    assert not errors, errors
    assert not external, f"requests left the machine: {external[:5]}"
    page.close()


def test_overview_on_a_phone(server, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, locale="vi-VN")
    page.goto(server + "/?lang=vi", wait_until="domcontentloaded")
    page.wait_for_function("document.querySelectorAll('[data-testid=\"stMetric\"]').length >= 8", timeout=60_000)
    page.wait_for_selector(".js-plotly-plot .scatterlayer path", timeout=30_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "overview_phone.png"), full_page=True)
    page.close()
