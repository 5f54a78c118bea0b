"""Extract files behind the session. DuckDB writes each file to a private folder (0700, the file 0600,
under [paths] exports_dir, never under static/), and one route of the app's own server hands it out,
streamed from disk in chunks (never held in memory). On every request the route checks:

- the link's grant exists and has not expired (EXPORT_MINUTES after it was made);
- the Streamlit session that made the file is still open, and the request comes from the same
  browser (its session cookie `_streamlit_xsrf` carries the same token as the session's websocket);
- the account signed in on that session is still the one that made the file, its sign-in has not
  expired, and the account (role, commune, personal-data permission, password) is unchanged;
- that role may still run the extract (outreach/query/extracts.py refusal).

A refused link answers 403, an expired or deleted one 404/410; answers carry no-store and no CORS
header. Expired files, files of closed sessions and leftovers are deleted by a timer every
SWEEP_SECONDS, at the server's start and at each run of the extract builder. `streamlit run
dashboard.py` mounts the route (dashboard.py builds the st.App); without it no file is offered.

Streamlit's own st.download_button was not used for extracts: it reads the whole file into memory
(a file object is read() at once), serves it at /media/<hash> to anyone holding the URL (no session
check) and keeps it until the session's files are swept.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import shutil
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

from outreach.config import PROJECT_ROOT, Settings, load_settings
from outreach.i18n import t
from outreach.query import audit, auth, db, extracts

EXPORT_MINUTES = 30
SWEEP_SECONDS = 60
# A folder without a readable grant (a build cut short) is removed after this many seconds.
LEFTOVER_SECONDS = 120
ROUTE = "/api/extracts/{token}"
ROUTE_PREFIX = "/api/extracts/"
GRANT_FILE = "grant.json"
# Set in the server's environment when dashboard.py mounted the route (survives module reloads).
ROUTE_FLAG = "OUTREACH_EXTRACT_ROUTE"
# Streamlit's XSRF cookie: set by the server on the page, sent by the browser with the websocket
# and with every request to the same origin.
BROWSER_COOKIE = "_streamlit_xsrf"
# The keys outreach/ui/signin.py keeps in the session state for the signed-in account.
SIGNED_IN_KEY, LOGIN_AT_KEY = "auth_user", "auth_login_at"
# The folder extracts were written to before: web-served, so removed wherever it is found.
LEGACY_DIR = PROJECT_ROOT / "static" / "exports"
NO_STORE = {"Cache-Control": "no-store, private", "Pragma": "no-cache", "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer", "Cross-Origin-Resource-Policy": "same-origin",
            "Content-Security-Policy": "default-src 'none'; sandbox"}


def exports_dir(settings: Settings | None = None) -> Path:
    return (settings or load_settings()).path("exports_dir")


def private_dir(path: Path) -> Path:
    """`path` as a folder only its owner can enter (0700), whatever the umask."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def _folder_name(token: str) -> str:
    """The folder of a link: a hash of its token (a listing of the folder gives no link)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()[:40]


def browser_key(cookie: str | None) -> str | None:
    """A digest of the token in Streamlit's XSRF cookie (format 2|mask|masked token|time: the mask
    changes when the server re-sends the cookie, the token does not). None without a cookie."""
    if not cookie:
        return None
    parts = cookie.split("|")
    try:
        if parts[0] == "2" and len(parts) == 4:
            mask, masked = bytes.fromhex(parts[1]), bytes.fromhex(parts[2])
            token = bytes(byte ^ mask[index % len(mask)] for index, byte in enumerate(masked))
        else:
            token = cookie.encode("utf-8")
    except ValueError:
        return None
    return hashlib.sha256(b"outreach-extract-browser|" + token).hexdigest()


def account_key(account: auth.Account | None) -> str:
    """Changes when the account's role, commune, permission or password changes."""
    if account is None:
        return ""
    text = "|".join((account.name, account.role, account.commune or "", str(account.personal_data),
                     account.password_hash))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Grant:
    """Who may fetch one extract file, until when."""

    file_name: str
    mime: str
    extract: str
    session_id: str
    browser: str
    account: str | None
    account_key: str
    login_at: float | None  # the sign-in the file was made under: a new sign-in does not inherit it
    restriction: dict[str, Any]
    created: float
    expires: float

    def restriction_value(self) -> db.Restriction:
        return db.Restriction(**self.restriction)


@dataclass(frozen=True)
class SessionView:
    """What the route needs to know of the session that made the file (None: not open)."""

    browser: str | None
    signed_in: str | None
    login_at: float | None


MIMES = {".csv": "text/csv; charset=utf-8",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def issue(root: Path, *, file_name: str, extract: str, session_id: str, browser: str, account: auth.Account | None,
          restriction: db.Restriction, login_at: float | None = None, now: float | None = None) -> tuple[str, Path]:
    """A new link: its token and the path the file is to be written to (in its own 0700 folder,
    with the grant beside it, 0600)."""
    now = time.time() if now is None else now
    token = secrets.token_urlsafe(32)
    folder = private_dir(root) / _folder_name(token)
    folder.mkdir(mode=0o700)
    os.chmod(folder, 0o700)
    grant = Grant(file_name=file_name, mime=MIMES.get(Path(file_name).suffix.lower(), "application/octet-stream"),
                  extract=extract, session_id=session_id, browser=browser,
                  account=account.name if account is not None else None, account_key=account_key(account),
                  login_at=login_at, restriction=asdict(restriction), created=now, expires=now + EXPORT_MINUTES * 60)
    handle = os.open(folder / GRANT_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(asdict(grant), out)
    return token, folder / file_name


def finish(path: Path) -> None:
    """The written file readable by its owner only."""
    os.chmod(path, 0o600)


def load_grant(root: Path, token: str) -> tuple[Grant, Path] | None:
    """The link's grant and file path, or None (unknown, malformed or removed)."""
    if not token or len(token) > 128:
        return None
    folder = root / _folder_name(token)
    try:
        raw = json.loads((folder / GRANT_FILE).read_text(encoding="utf-8"))
        grant = Grant(**raw)
    except (OSError, ValueError, TypeError):
        return None
    return grant, folder / Path(grant.file_name).name


def remove(path: Path) -> None:
    """Remove the folder of a link's file (the file and its grant)."""
    _remove_folder(path.parent)


def refusal(grant: Grant, *, now: float, session: SessionView | None, request_browser: str | None,
            access: auth.AccessSettings, accounts: dict[str, auth.Account]) -> tuple[int, str] | None:
    """(HTTP status, reason) when the request may not have the file, else None."""
    if now >= grant.expires:
        return 410, "expired"
    if session is None:
        return 403, "the session that made the file is closed"
    if not grant.browser or not request_browser or not session.browser \
            or not hmac.compare_digest(request_browser, grant.browser) \
            or not hmac.compare_digest(session.browser, grant.browser):
        return 403, "not the browser of the session that made the file"
    if access.enabled:
        if grant.account is None or session.signed_in != grant.account or session.login_at != grant.login_at:
            return 403, "the session is no longer the sign-in that made the file"
        if auth.session_expired(session.login_at, access.session_minutes, now):
            return 403, "the sign-in has expired"
        account = accounts.get(grant.account)
        if account is None or not hmac.compare_digest(account_key(account), grant.account_key):
            return 403, "the account was removed or changed"
    else:
        if grant.account is not None or session.signed_in is not None:
            return 403, "sign-in was turned off"
        account = None
    restriction = auth.restriction_for(account, access)
    if restriction != grant.restriction_value():
        return 403, "the account's permissions changed"
    if extracts.refusal(grant.extract, restriction):
        return 403, "the role may not run this extract"
    return None


def session_view(session_id: str) -> SessionView | None:
    """The open Streamlit session `session_id` as the route sees it (None when it is closed)."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return None
    runtime = Runtime.instance()
    if not runtime.is_active_session(session_id):
        return None
    client = runtime.get_client(session_id)
    context = getattr(client, "client_context", None) if client is not None else None
    cookies = dict(context.cookies) if context is not None else {}
    session = runtime.get_app_session(session_id)
    state = session.session_state if session is not None else None

    def value(key: str) -> Any:
        try:
            return state[key] if state is not None and key in state else None
        except KeyError:
            return None

    return SessionView(browser=browser_key(cookies.get(BROWSER_COOKIE)), signed_in=value(SIGNED_IN_KEY),
                       login_at=value(LOGIN_AT_KEY))


# ---------------------------------------------------------------- removal of old files

_inactive_since: dict[str, float] = {}
_sweep_lock = threading.Lock()


def sweep(root: Path | None = None, *, now: float | None = None,
          session_open: Callable[[str], bool] | None = None, grace: float = SWEEP_SECONDS) -> int:
    """Delete expired files, files of sessions closed for `grace` seconds (a dropped connection may
    come back), leftovers of builds cut short and the old web-served folder. Returns how many
    folders were removed."""
    now = time.time() if now is None else now
    root = exports_dir() if root is None else root
    session_open = session_open or (lambda session_id: session_view(session_id) is not None)
    removed = 0
    with _sweep_lock:
        if LEGACY_DIR.exists():
            shutil.rmtree(LEGACY_DIR, ignore_errors=True)
        if not root.exists():
            return 0
        private_dir(root)
        for folder in root.iterdir():
            try:
                grant = Grant(**json.loads((folder / GRANT_FILE).read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError):
                try:
                    stale = now - folder.stat().st_mtime > LEFTOVER_SECONDS
                except FileNotFoundError:
                    continue
                if stale:
                    _remove_folder(folder)
                    removed += 1
                continue
            closed = not session_open(grant.session_id)
            if closed and folder.name not in _inactive_since:
                _inactive_since[folder.name] = now
            elif not closed:
                _inactive_since.pop(folder.name, None)
            if now >= grant.expires or (closed and now - _inactive_since[folder.name] >= grace):
                _remove_folder(folder)
                _inactive_since.pop(folder.name, None)
                removed += 1
    return removed


def _remove_folder(folder: Path) -> None:
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder, ignore_errors=True)
    else:
        folder.unlink(missing_ok=True)


def _sweep_forever(root: Path) -> None:
    while True:
        time.sleep(SWEEP_SECONDS)
        try:
            sweep(root)
        except Exception:  # noqa: BLE001 - the timer must outlive one failed sweep
            pass


def start_sweeper(root: Path) -> None:
    """The timer thread (once per process)."""
    if any(thread.name == "outreach-extract-sweeper" for thread in threading.enumerate()):
        return
    threading.Thread(target=_sweep_forever, args=(root,), name="outreach-extract-sweeper", daemon=True).start()


# ---------------------------------------------------------------- the route

def served() -> bool:
    """Whether this server mounted the download route (`streamlit run dashboard.py`)."""
    return os.environ.get(ROUTE_FLAG) == "1"


def _answer(status: int, lang: str = "vi"):
    from starlette.responses import PlainTextResponse

    key = "dl_gone" if status in (404, 410) else "dl_refused"
    text = f"{t(key, 'vi', minutes=EXPORT_MINUTES)}\n{t(key, 'en', minutes=EXPORT_MINUTES)}\n"
    return PlainTextResponse(text, status_code=status, headers=NO_STORE)


async def download(request):
    """GET /api/extracts/<token>: the file, streamed from disk, when every check passes."""
    import sys

    from starlette.responses import FileResponse

    # The live module (Streamlit reloads changed project modules; this keeps one behaviour).
    module = sys.modules.get(__name__) or sys.modules["outreach.ui.downloads"]
    settings = load_settings()
    root = module.exports_dir(settings)
    found = module.load_grant(root, request.path_params.get("token", ""))
    if found is None:
        return _answer(404)
    grant, path = found
    access = auth.access_settings(settings)
    try:
        accounts = auth.load_accounts(access.users_file) if access.enabled else {}
    except (OSError, ValueError):
        return _answer(403)
    now = time.time()
    refused = module.refusal(grant, now=now, session=module.session_view(grant.session_id),
                             request_browser=browser_key(request.cookies.get(BROWSER_COOKIE)),
                             access=access, accounts=accounts)
    client = request.client.host if request.client is not None else None
    if refused is not None:
        if refused[0] == 410:
            remove(path)
        audit.record("download_refused", user=grant.account, client=client, channel="web", settings=settings,
                     what=grant.extract, status=refused[0])
        return _answer(refused[0])
    if not path.is_file():
        return _answer(404)
    audit.record("download", user=grant.account, client=client, channel="web", settings=settings,
                 what=grant.extract, file=grant.file_name, bytes=path.stat().st_size)
    return FileResponse(path, media_type=grant.mime, filename=grant.file_name, headers=NO_STORE,
                        content_disposition_type="attachment")


def routes(settings: Settings | None = None) -> list:
    """The routes dashboard.py adds to Streamlit's server; also sweeps once and starts the timer."""
    from starlette.routing import Route

    root = exports_dir(settings)
    os.environ[ROUTE_FLAG] = "1"
    sweep(root, session_open=lambda session_id: False, grace=0)  # no session outlives a restart
    start_sweeper(root)
    return [Route(_base_path() + ROUTE, download, methods=["GET"])]


def _base_path() -> str:
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return "/" + base if base else ""


def link(token: str) -> str:
    """The link to put on the page (under the server's base URL, as the route)."""
    return _base_path() + ROUTE_PREFIX + token


def new_link(ctx, extract: str, file_name: str) -> tuple[str, Path] | str:
    """A link for a file this page run is about to write: (token, path), or the key of the text
    saying why no file can be offered (the route is not mounted, or the browser sent no session
    cookie: server.enableXsrfProtection must stay on)."""
    import streamlit as st
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    if not served():
        return "xb_no_route"
    run = get_script_run_ctx()
    browser = browser_key(st.context.cookies.get(BROWSER_COOKIE))
    if run is None or browser is None:
        return "xb_no_browser"
    access = auth.access_settings(ctx.settings)
    account, login_at = None, None
    if access.enabled:
        account = auth.load_accounts(access.users_file).get(st.session_state.get(SIGNED_IN_KEY))
        login_at = st.session_state.get(LOGIN_AT_KEY)
        if account is None:
            return "xb_no_browser"
    return issue(exports_dir(ctx.settings), file_name=file_name, extract=extract, session_id=run.session_id,
                 browser=browser, account=account, restriction=ctx.scope.restriction, login_at=login_at)


def link_live(token: str, settings: Settings) -> tuple[Grant, Path] | None:
    """The grant and file of a link this session made, while the file is there and not expired."""
    found = load_grant(exports_dir(settings), token)
    if found is None or time.time() >= found[0].expires or not found[1].is_file():
        return None
    return found
