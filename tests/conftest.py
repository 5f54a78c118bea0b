"""Shared pytest setup: the project on sys.path, and session-wide databases, server and browser.

- make_database(**settings): the hand-made export in tests/fixtures/export ingested with the given
  settings (overrides of outreach/defaults.toml, as in outreach.toml), once per distinct settings.
- fixture_database / con: the fixture database with the default settings (its path; a read-only
  connection per module).
- demo_export / demo_database: the default-size demo province (seeded), generated and ingested once.
- streamlit_server: `streamlit run dashboard.py` on a free loopback port over the fixture database.
- attack_database / attack_server: the fixture export with imported text built to attack the pages
  (support.write_attack_export), and a server over it with sign-in on (support.ATTACK_ACCOUNTS).
- browser: Debian Chromium through Playwright.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from support import (ATTACK_ACCOUNTS, ATTACK_PASSWORD, TODAY, ingest_fixture, settings_key,  # noqa: E402
                     write_attack_export, write_config)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"


class DatabaseFactory:
    """make_database(**settings) -> the path of the fixture export ingested with `settings`.

    settings: one keyword per section of outreach/defaults.toml, e.g.
    make_database(feedback={"reply_working_days": 10}) or
    make_database(**{"import": {"earliest_date": "2025-01-01"}}); no keyword: the defaults. Each
    distinct settings set is ingested once per session. Beside the database: outreach.toml with
    its paths and settings (.config(**settings)); .report(**settings) is the import's report.
    An import that rejects rows is kept (the report says so); one that fails is an error."""

    def __init__(self, tmp_path_factory):
        self._tmp_path_factory = tmp_path_factory
        self._built: dict[str, tuple[Path, object]] = {}

    def _build(self, settings: dict) -> tuple[Path, object]:
        key = settings_key(settings)
        if key not in self._built:
            from outreach.ingest.load import EXIT_FAILED

            directory = self._tmp_path_factory.mktemp("fixture_db")
            database, report = ingest_fixture(directory, **settings)
            assert report.exit_code != EXIT_FAILED, (settings, report.error)
            self._built[key] = (database, report)
        return self._built[key]

    def __call__(self, **settings) -> Path:
        return self._build(settings)[0]

    def config(self, **settings) -> Path:
        return self._build(settings)[0].with_name("outreach.toml")

    def report(self, **settings):
        return self._build(settings)[1]

    def connect(self, **settings) -> duckdb.DuckDBPyConnection:
        """A new read-only connection (the caller closes it)."""
        return duckdb.connect(str(self(**settings)), read_only=True)


@pytest.fixture(scope="session")
def make_database(tmp_path_factory) -> DatabaseFactory:
    return DatabaseFactory(tmp_path_factory)


@pytest.fixture(scope="session")
def fixture_database(make_database) -> Path:
    report = make_database.report()
    assert report.exit_code == 0, (report.error, report.rejects.to_string())
    return make_database()


@pytest.fixture(scope="session")
def fixture_config(make_database, fixture_database) -> Path:
    return make_database.config()


@pytest.fixture(scope="module")
def con(fixture_database):
    """A read-only connection to the fixture database (default settings), one per module."""
    connection = duckdb.connect(str(fixture_database), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def demo_export(tmp_path_factory) -> Path:
    from outreach.demo import generate

    directory = tmp_path_factory.mktemp("demo") / "export"
    generate(directory, seed=2026)
    return directory


@pytest.fixture(scope="session")
def demo_database(demo_export) -> Path:
    from outreach.ingest.load import ingest
    from outreach.query.stored import store_default_view

    database = demo_export.parent / "outreach.duckdb"
    report = ingest(demo_export, database=database, rejects_path=demo_export.parent / "rejects.csv", today=TODAY,
                    after_build=store_default_view)
    assert report.exit_code == 0, (report.error, report.rejects.head(20).to_string())
    return database


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_streamlit(config: Path, log_path: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "OUTREACH_CONFIG": str(config)}
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return process, url
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("streamlit did not start:\n" + log_path.read_text())
        time.sleep(0.3)


def stop_streamlit(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def streamlit_server(fixture_config):
    process, url = start_streamlit(fixture_config, fixture_config.parent / "streamlit.log")
    try:
        yield url
    finally:
        stop_streamlit(process)


@pytest.fixture(scope="session")
def demo_streamlit_server(demo_database):
    """`streamlit run dashboard.py` over the demo province (a real review: ranked agencies, groups)."""
    config = write_config(demo_database.parent, demo_database)
    process, url = start_streamlit(config, demo_database.parent / "streamlit.log")
    try:
        yield url
    finally:
        stop_streamlit(process)


@pytest.fixture(scope="session")
def attack_database(tmp_path_factory) -> Path:
    """The fixture export with support.ATTACK_TEXT and ATTACK_SUMMARY in its imported text, ingested."""
    from outreach.ingest.load import ingest

    directory = tmp_path_factory.mktemp("attack")
    export = write_attack_export(directory / "export")
    database = directory / "outreach.duckdb"
    report = ingest(export, database=database, rejects_path=directory / "rejects.csv", today=TODAY)
    assert report.exit_code == 0, (report.error, report.rejects.to_string())
    return database


@pytest.fixture(scope="session")
def attack_config(attack_database) -> Path:
    """Sign-in on, with the accounts of support.ATTACK_ACCOUNTS (password ATTACK_PASSWORD)."""
    from outreach.query import auth

    directory = attack_database.parent
    hashed = auth.hash_password(ATTACK_PASSWORD)
    auth.save_accounts(directory / "users.toml", {
        name: auth.Account(name, role, hashed, commune, personal) for name, (role, commune, personal) in ATTACK_ACCOUNTS.items()})
    return write_config(directory, attack_database, access={"enabled": True, "users_file": str(directory / "users.toml"),
                                                            "session_minutes": 30})


@pytest.fixture(scope="session")
def attack_server(attack_config):
    process, url = start_streamlit(attack_config, attack_config.parent / "streamlit.log")
    try:
        yield url
    finally:
        stop_streamlit(process)


def sign_in(page, user: str, password: str = ATTACK_PASSWORD) -> None:
    """Fill the sign-in form on the page shown and wait for the signed-in page."""
    page.get_by_label("Tên đăng nhập").fill(user)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name="Đăng xuất").wait_for(timeout=60_000)


@pytest.fixture(scope="session")
def browser():
    assert Path(CHROMIUM).exists(), "Debian Chromium is needed for browser tests: apt-get install -y chromium"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


PHONE_AGENT = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/131.0 Mobile Safari/537.36")


def open_page(browser, url: str, *, phone: bool = False):
    """A new page that records page errors and any request leaving the machine."""
    viewport = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 900}
    # A phone says so in its User-Agent (the page lays out its charts for a phone's column from it).
    agent = {"user_agent": PHONE_AGENT} if phone else {}
    page = browser.new_page(viewport=viewport, device_scale_factor=2 if phone else 1, locale="vi-VN", **agent)
    page.errors = []
    page.external_requests = []
    origin = url.split("/", 3)[:3]
    base = "/".join(origin)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("request", lambda request: page.external_requests.append(request.url)
            if not request.url.startswith((base, "data:", "blob:")) else None)
    page.goto(url, wait_until="domcontentloaded")
    return page


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
