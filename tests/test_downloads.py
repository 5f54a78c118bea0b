"""Extract files behind the session (outreach/ui/downloads.py): written 0600 in a 0700 folder outside
static/, handed out only to the browser and signed-in account of the session that made them while
the role may still run the extract, expired and removed by the timer, and streamed from disk in
bounded memory whatever the size (the static server refused files over 200 MiB)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import stat
import time
import threading
import urllib.error
import urllib.request
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from outreach.config import PROJECT_ROOT, load_settings
from outreach.query import audit, auth, db, export
from outreach.ui import downloads
from support import ATTACK_PASSWORD

ANALYST = auth.Account("phantich", "analyst", "$2b$12$hash-one", None, True)
ANALYST_RESTRICTION = db.Restriction(role="analyst", personal=True)
COOKIE = "2|0a0b0c0d|" + bytes(range(16)).hex() + "|1796116739"
# The same token under another mask (the server re-sends the cookie with a new mask): same browser.
COOKIE_REMASKED = "2|00000000|" + bytes(byte ^ (0x0a, 0x0b, 0x0c, 0x0d)[index % 4] for index, byte in
                                     enumerate(bytes(range(16)))).hex() + "|1796116739"
BROWSER = downloads.browser_key(COOKIE)
LOGIN_AT = time.time() - 60


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def access(tmp_path: Path, enabled: bool = True) -> auth.AccessSettings:
    return auth.AccessSettings(enabled=enabled, users_file=tmp_path / "users.toml", session_minutes=30,
                               local_personal_data=True)


def make_link(root: Path, *, account=ANALYST, restriction=ANALYST_RESTRICTION, extract="feedback_contacts",
              now: float | None = None, content: bytes = b"\xef\xbb\xbfa,b\n1,2\n") -> tuple[str, Path]:
    token, path = downloads.issue(root, file_name="feedback-contacts_2025-01_2025-12.csv", extract=extract,
                                  session_id="session-1", browser=BROWSER, account=account, restriction=restriction,
                                  login_at=LOGIN_AT if account is not None else None, now=now)
    path.write_bytes(content)
    downloads.finish(path)
    return token, path


def test_extract_files_are_private_and_never_under_static(tmp_path):
    previous = os.umask(0o022)
    try:
        root = tmp_path / "exports"
        token, path = make_link(root)
        assert (mode(root), mode(path.parent), mode(path), mode(path.parent / downloads.GRANT_FILE)) == \
            (0o700, 0o700, 0o600, 0o600)
        # The folder is named by a hash of the token: a listing gives no link.
        assert token not in path.parent.name and len(token) >= 40
        # DuckDB's CSV and the XLSX writer give 0600 files too (the CLI's --out as well).
        con = duckdb.connect()
        export.copy_csv(con, "select 'Lê Văn Tám' as citizen_name", None, tmp_path / "cli.csv")
        export.copy_xlsx(con, "select 'Lê Văn Tám' as citizen_name", None, tmp_path / "cli.xlsx")
        assert mode(tmp_path / "cli.csv") == mode(tmp_path / "cli.xlsx") == 0o600
    finally:
        os.umask(previous)
    # The default folder is not web-served.
    default = downloads.exports_dir(load_settings(tmp_path / "none.toml"))
    assert not default.is_relative_to(PROJECT_ROOT / "static")
    assert default == PROJECT_ROOT / "data" / "exports"


def valid_session(**changes) -> downloads.SessionView:
    values = {"browser": BROWSER, "signed_in": ANALYST.name, "login_at": LOGIN_AT}
    return downloads.SessionView(**{**values, **changes})


def refused(tmp_path, grant, *, session=None, request_cookie=COOKIE, accounts=None, enabled=True, now=None):
    return downloads.refusal(grant, now=time.time() if now is None else now,
                             session=valid_session() if session is None else session,
                             request_browser=downloads.browser_key(request_cookie),
                             access=access(tmp_path, enabled),
                             accounts={ANALYST.name: ANALYST} if accounts is None else accounts)


def test_a_link_is_refused_without_its_session_cookie_sign_in_or_role(tmp_path):
    token, _ = make_link(tmp_path / "exports")
    grant, _ = downloads.load_grant(tmp_path / "exports", token)
    assert refused(tmp_path, grant) is None
    assert refused(tmp_path, grant, request_cookie=COOKIE_REMASKED) is None  # same browser, new mask
    closed = downloads.refusal(grant, now=time.time(), session=None, request_browser=BROWSER,
                               access=access(tmp_path), accounts={ANALYST.name: ANALYST})
    assert closed[0] == 403  # the session that made the file is closed
    other_browser = "2|00000000|" + "ab" * 16 + "|1796116739"
    assert refused(tmp_path, grant, request_cookie=None)[0] == 403  # a client with no session cookie
    assert refused(tmp_path, grant, request_cookie=other_browser)[0] == 403
    assert refused(tmp_path, grant, session=valid_session(browser=downloads.browser_key(other_browser)))[0] == 403
    assert refused(tmp_path, grant, session=valid_session(signed_in=None))[0] == 403  # signed out
    assert refused(tmp_path, grant, session=valid_session(signed_in="someone"))[0] == 403
    assert refused(tmp_path, grant, session=valid_session(login_at=time.time()))[0] == 403  # signed in again
    assert refused(tmp_path, grant, now=LOGIN_AT + 31 * 60)[0] == 403  # the sign-in expired
    assert refused(tmp_path, grant, accounts={})[0] == 403  # account removed
    demoted = auth.Account(ANALYST.name, "leader", ANALYST.password_hash)
    assert refused(tmp_path, grant, accounts={ANALYST.name: demoted})[0] == 403
    unpermitted = auth.Account(ANALYST.name, "analyst", ANALYST.password_hash, None, False)
    assert refused(tmp_path, grant, accounts={ANALYST.name: unpermitted})[0] == 403
    new_password = auth.Account(ANALYST.name, "analyst", "$2b$12$hash-two", None, True)
    assert refused(tmp_path, grant, accounts={ANALYST.name: new_password})[0] == 403
    assert refused(tmp_path, grant, enabled=False)[0] == 403  # sign-in turned off meanwhile
    assert refused(tmp_path, grant, now=grant.expires + 1)[0] == 410
    assert grant.expires - grant.created == downloads.EXPORT_MINUTES * 60
    # A leader's grant for a row-level citizen extract is refused even if one was ever written.
    leader = auth.Account("lanhdao", "leader", "$2b$12$x")
    token, _ = make_link(tmp_path / "exports", account=leader,
                         restriction=db.Restriction(role="leader", personal=False, citizen_rows=False))
    grant, _ = downloads.load_grant(tmp_path / "exports", token)
    assert downloads.refusal(grant, now=time.time(), session=valid_session(signed_in="lanhdao", login_at=LOGIN_AT),
                             request_browser=BROWSER, access=access(tmp_path),
                             accounts={"lanhdao": leader})[0] == 403
    assert downloads.load_grant(tmp_path / "exports", "not-a-token") is None
    assert downloads.load_grant(tmp_path / "exports", "../" * 5 + "etc/passwd") is None


def test_expired_files_closed_sessions_and_leftovers_are_removed_by_the_sweep(tmp_path, monkeypatch):
    root = tmp_path / "exports"
    legacy = tmp_path / "static" / "exports" / "old"
    legacy.mkdir(parents=True)
    (legacy / "feedback_contacts.csv").write_text("Lê Văn Tám,0912345678\n")
    monkeypatch.setattr(downloads, "LEGACY_DIR", tmp_path / "static" / "exports")
    now = time.time()
    _, expired = make_link(root, now=now - downloads.EXPORT_MINUTES * 60 - 1)
    _, live = make_link(root, now=now)
    leftover = root / ("0" * 40)
    leftover.mkdir()
    os.utime(leftover, (now - 3600, now - 3600))
    assert downloads.sweep(root, now=now, session_open=lambda session_id: True) == 2
    assert not expired.exists() and live.exists() and not leftover.exists()
    assert not (tmp_path / "static" / "exports").exists()  # the old web-served folder is removed
    # A closed session's file goes once it has stayed closed for the grace period.
    assert downloads.sweep(root, now=now + 1, session_open=lambda session_id: False) == 0
    assert live.exists()
    assert downloads.sweep(root, now=now + 1 + downloads.SWEEP_SECONDS, session_open=lambda session_id: False) == 1
    assert not live.exists()


# ---------------------------------------------------------------- the route, called as the server calls it

def rss_mb() -> float:
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def call_route(path: str, cookie: str | None) -> tuple[int, dict[str, str], int, int]:
    """(status, headers, body bytes, largest chunk) of GET `path` on the download route."""
    from starlette.routing import Route, Router

    app = Router(routes=[Route(downloads.ROUTE, downloads.download, methods=["GET"])])
    headers = [(b"host", b"127.0.0.1")] + ([(b"cookie", f"{downloads.BROWSER_COOKIE}={cookie}".encode())] if cookie else [])
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "", "headers": headers,
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8501)}
    result = {"status": 0, "headers": {}, "bytes": 0, "largest": 0}

    requested = []

    async def receive():
        # The request once; then, as a client still connected, nothing until the answer is sent.
        if not requested:
            requested.append(True)
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()

    async def send(message):
        if message["type"] == "http.response.start":
            result["status"] = message["status"]
            result["headers"] = {key.decode().lower(): value.decode() for key, value in message["headers"]}
        elif message["type"] == "http.response.body":
            result["bytes"] += len(message.get("body", b""))
            result["largest"] = max(result["largest"], len(message.get("body", b"")))

    # In a thread of its own: a browser test of the same session keeps an event loop on this one.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    return result["status"], result["headers"], result["bytes"], result["largest"]


def test_the_route_streams_a_file_over_200_mib_in_bounded_memory_and_checks_every_request(tmp_path, monkeypatch):
    config = tmp_path / "outreach.toml"
    config.write_text(f'[paths]\nexports_dir = "{tmp_path / "exports"}"\n'
                      f'[access]\naudit_file = "{tmp_path / "audit.jsonl"}"\n', encoding="utf-8")
    monkeypatch.setenv("OUTREACH_CONFIG", str(config))
    local = db.Restriction(role="local", personal=True)
    token, path = make_link(tmp_path / "exports", account=None, restriction=local, content=b"")
    size = 210 * 1024 * 1024  # the static server answered 404 above 200 MiB
    with path.open("wb") as handle:
        handle.truncate(size)
    monkeypatch.setattr(downloads, "session_view", lambda session_id: valid_session(signed_in=None, login_at=None))
    link = downloads.ROUTE_PREFIX + token

    base = rss_mb()
    peak = [base]
    done = threading.Event()

    def watch():
        while not done.is_set():
            peak[0] = max(peak[0], rss_mb())
            time.sleep(0.005)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        status, headers, sent, largest = call_route(link, COOKIE)
    finally:
        done.set()
        watcher.join()
    assert status == 200 and sent == size and int(headers["content-length"]) == size
    # Sent in chunks and never held whole: the process grows by far less than the file's 210 MiB.
    assert largest <= 1024 * 1024 and peak[0] - base < 64, (largest, peak[0] - base)
    assert "access-control-allow-origin" not in headers
    assert headers["cache-control"].startswith("no-store")
    assert headers["content-disposition"].startswith("attachment")

    assert call_route(link, None)[0] == 403  # no session cookie: a bearer URL no more
    assert call_route(link, "2|00000000|" + "ab" * 16 + "|1")[0] == 403
    monkeypatch.setattr(downloads, "session_view", lambda session_id: None)
    assert call_route(link, COOKIE)[0] == 403  # the session ended
    assert call_route(downloads.ROUTE_PREFIX + "unknown", COOKIE)[0] == 404
    # Past its lifetime the link answers 410 and its file is deleted at once.
    monkeypatch.setattr(downloads, "session_view", lambda session_id: valid_session(signed_in=None, login_at=None))
    monkeypatch.setattr(downloads.time, "time", lambda: time.monotonic() + 10 ** 10)
    status, headers, sent, _ = call_route(link, COOKIE)
    assert status == 410 and sent < 1000 and headers["cache-control"].startswith("no-store")
    assert not path.exists()
    # Every answer is in the audit log: the download (what, file, size, from where) and each refusal.
    logged = list(reversed(audit.read(100, load_settings(config))))
    assert [(event["event"], event.get("status")) for event in logged] == \
        [("download", None), ("download_refused", 403), ("download_refused", 403), ("download_refused", 403),
         ("download_refused", 410)]
    assert logged[0]["what"] == "feedback_contacts" and logged[0]["bytes"] == size
    assert logged[0]["client"] == "127.0.0.1" and logged[0]["file"] == "feedback-contacts_2025-01_2025-12.csv"


# ---------------------------------------------------------------- in the browser, on the real server

def fetch(url: str, cookies: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookies} if cookies else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def cookie_header(context) -> str:
    return "; ".join(f"{cookie['name']}={cookie['value']}" for cookie in context.cookies())


def prepare_extract(page, url: str, extract: str, user: str) -> str:
    """Open the Data page's extract tab (a new session), sign in, prepare the file: its link."""
    from conftest import sign_in

    page.goto(url + f"/du_lieu?dtab=extracts&extract={extract}", wait_until="domcontentloaded")
    sign_in(page, user)
    page.get_by_role("button", name="Tạo tệp để tải").click(timeout=60_000)
    link = page.locator("a.extract-link")
    link.wait_for(timeout=120_000)
    return link.get_attribute("href")


@pytest.mark.browser
def test_an_extract_link_works_only_in_the_session_and_browser_that_made_it(attack_server, attack_config, browser):
    from conftest import sign_in

    context = browser.new_context(accept_downloads=True, locale="vi-VN")
    page = context.new_page()
    href = prepare_extract(page, attack_server, "feedback_contacts", "phantich")
    assert href.startswith(downloads.ROUTE_PREFIX) and "static" not in href
    with page.expect_download(timeout=60_000) as info:
        page.locator("a.extract-link").click()
    content = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    assert "Lê Văn Tám" in content  # the account has the personal-data permission
    link = attack_server + href
    status, headers, _ = fetch(link, cookie_header(context))
    assert status == 200 and "access-control-allow-origin" not in headers
    assert headers["cache-control"].startswith("no-store")
    # The file is private, outside static/.
    files = list((attack_config.parent / "exports").glob("*/*.csv"))
    assert len(files) == 1 and mode(files[0]) == 0o600 and mode(files[0].parent) == 0o700
    assert not (PROJECT_ROOT / "static" / "exports").exists()

    # A client with no session, and another signed-in browser of the same account, are refused.
    status, headers, body = fetch(link)
    assert status == 403 and "Lê Văn Tám" not in body.decode("utf-8") and "access-control-allow-origin" not in headers
    other = browser.new_context(locale="vi-VN")
    other_page = other.new_page()
    other_page.goto(attack_server + "/", wait_until="domcontentloaded")
    sign_in(other_page, "phantich2")
    assert fetch(link, cookie_header(other))[0] == 403
    other.close()

    # Signing out ends the link; closing the session ends it too.
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_label("Tên đăng nhập").wait_for(timeout=30_000)
    assert fetch(link, cookie_header(context))[0] == 403
    sign_in(page, "phantich", ATTACK_PASSWORD)
    assert fetch(link, cookie_header(context))[0] == 403  # a new sign-in does not inherit the file
    context.close()
