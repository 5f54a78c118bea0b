"""Optional sign-in: accounts with bcrypt hashes in a TOML file, roles and what each may receive.

No Streamlit here. Off by default (a single local user); on with `[access] enabled = true`.
The restriction an account gets (db.Restriction) is applied where queries run (outreach/query/db.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import re
import stat
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import bcrypt

from outreach.query import audit, db
from outreach.query.throttle import Throttle
from outreach.config import PROJECT_ROOT, Settings

ROLES = ("leader", "analyst", "commune_officer")
# bcrypt work factor: about 0.2 s per check on a laptop core, slow enough against guessing.
ROUNDS = 12
_COST = re.compile(r"^\$2[abxy]?\$(\d\d)\$")


@functools.lru_cache(maxsize=8)
def _dummy_hash(cost: int) -> bytes:
    """Compared against when the name is unknown (or has no password): a hash of the same cost as
    the accounts' own, so that a wrong name takes as long as a wrong password."""
    return bcrypt.hashpw(b"not-a-password", bcrypt.gensalt(cost))


def _cost_of(password_hash: str) -> int | None:
    found = _COST.match(password_hash or "")
    return int(found.group(1)) if found else None


class UsersFileError(ValueError):
    """The accounts file is not to be trusted (anyone else could have added an account) or not
    readable. reason: "writable" (group or others may write it or its folder), "owner" (another
    user owns it), "unreadable"."""

    def __init__(self, path: Path, reason: str, detail: str):
        super().__init__(detail)
        self.path, self.reason = path, reason


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    password_hash: str = ""
    commune: str | None = None
    personal_data: bool = False
    # When the password was last set (ISO 8601 with offset): sessions signed in before it end.
    password_changed: str = ""

    def describe(self) -> str:
        extra = f" commune={self.commune}" if self.commune else ""
        return f"{self.name:<20} {self.role:<16}{extra}{' personal-data' if self.personal_data else ''}" \
               f"{'' if self.password_hash else ' (no password yet)'}"


@dataclass(frozen=True)
class AccessSettings:
    enabled: bool
    users_file: Path
    session_minutes: int
    local_personal_data: bool
    throttle: Throttle | None = None
    client_header: str = ""
    # Why the settings file was not used (config.Settings.problem): local_personal_data is then off.
    config_problem: str | None = None
    settings: Settings | None = field(default=None, repr=False, compare=False)


def _project_path(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


def access_settings(settings: Settings) -> AccessSettings:
    """[access] of the settings. The local user's unmasked personal data is granted only by a
    settings file that was read (a missing, empty or unreadable configuration masks it)."""
    section = settings.raw.get("access", {})
    users_file = _project_path(section.get("users_file", "data/users.toml"))
    lockout_file = str(section.get("lockout_file", "") or "")
    throttle = Throttle(
        state_file=_project_path(lockout_file) if lockout_file else users_file.with_name("signin_lockouts.json"),
        max_failures=int(section.get("max_failures", 5)),
        window_minutes=float(section.get("failure_window_minutes", 15)),
        lockout_minutes=float(section.get("lockout_minutes", 15)),
        client_max_failures=int(section.get("client_max_failures", 20)),
    )
    return AccessSettings(
        enabled=bool(section.get("enabled", False)),
        users_file=users_file,
        session_minutes=int(section.get("session_minutes", 480)),
        local_personal_data=bool(section.get("local_personal_data", True)) and settings.from_file,
        throttle=throttle,
        client_header=str(section.get("client_header", "") or ""),
        config_problem=settings.problem,
        settings=settings,
    )


# ---------------------------------------------------------------- accounts file

def check_users_file(path: Path) -> None:
    """Refuse (UsersFileError) an accounts file that group or others may write, that another user
    owns, or whose folder others may write (they could replace it): whoever can change it can add
    an account."""
    info = path.stat()
    if info.st_uid != os.geteuid():
        raise UsersFileError(path, "owner", f"refusing the accounts file {path}: it belongs to another user "
                                            f"(uid {info.st_uid}); it must belong to the user running the dashboard")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UsersFileError(path, "writable", f"refusing the accounts file {path}: group or others may write it "
                                               f"(mode {stat.S_IMODE(info.st_mode):04o}), so anyone could add an "
                                               f"account; check its accounts, then `chmod 600 {path}`")
    folder = path.parent.stat()
    if folder.st_mode & stat.S_IWOTH and not folder.st_mode & stat.S_ISVTX:
        raise UsersFileError(path, "writable", f"refusing the accounts file {path}: anyone may write its folder "
                                               f"{path.parent} (mode {stat.S_IMODE(folder.st_mode):04o}) and replace "
                                               f"it; `chmod o-w {path.parent}`")


def load_accounts(path: Path) -> dict[str, Account]:
    """The accounts of the file ({} when there is none); UsersFileError when it is not safe."""
    if not path.exists():
        return {}
    check_users_file(path)
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise UsersFileError(path, "unreadable", f"cannot read the accounts file {path}: {error}") from error
    accounts = {}
    for name, entry in raw.get("users", {}).items():
        role = entry.get("role", "")
        if role not in ROLES:
            raise ValueError(f"{path}: user {name!r} has an unknown role {role!r} (use {', '.join(ROLES)})")
        commune = str(entry.get("commune") or "") or None
        if role == "commune_officer" and not commune:
            raise ValueError(f"{path}: commune officer {name!r} has no commune")
        accounts[name] = Account(name=name, role=role, password_hash=str(entry.get("password_hash", "")),
                                 commune=commune, personal_data=bool(entry.get("personal_data", False)),
                                 password_changed=str(entry.get("password_changed", "")))
    return accounts


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=True)  # a JSON string with \\uXXXX escapes is a TOML basic string


def save_accounts(path: Path, accounts: dict[str, Account]) -> None:
    """Write the file atomically, readable by its owner only (it holds password hashes)."""
    lines = ["# Dashboard accounts. Edit with `python -m outreach users ...`; passwords are bcrypt hashes.", ""]
    for account in sorted(accounts.values(), key=lambda a: a.name):
        lines += [f"[users.{_toml_string(account.name)}]",
                  f"role = {_toml_string(account.role)}",
                  f"commune = {_toml_string(account.commune or '')}",
                  f"personal_data = {'true' if account.personal_data else 'false'}",
                  f"password_hash = {_toml_string(account.password_hash)}",
                  f"password_changed = {_toml_string(account.password_changed)}", ""]
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    # Created 600 (never readable by others, not even for a moment), then swapped in.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines))
    os.replace(temporary, path)


def now_stamp() -> str:
    """The time a password is set, for Account.password_changed."""
    return dt.datetime.now().astimezone().isoformat(timespec="microseconds")


def hash_password(password: str, rounds: int = ROUNDS) -> str:
    if len(password) < 8:
        raise ValueError("password too short: at least 8 characters")
    if len(password.encode("utf-8")) > 72:
        raise ValueError("password too long: bcrypt reads at most 72 bytes")
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds)).decode("ascii")


def _usual_cost(accounts: dict[str, Account]) -> int:
    costs = Counter(cost for account in accounts.values() if (cost := _cost_of(account.password_hash)))
    return costs.most_common(1)[0][0] if costs else ROUNDS


def authenticate(accounts: dict[str, Account], name: str, password: str) -> Account | None:
    """The account when the name and password match, else None: the same work either way (an
    unknown name is checked against a hash of the accounts' usual cost)."""
    account = accounts.get((name or "").strip())
    secret = (password or "").encode("utf-8")[:72]
    if account is None or _cost_of(account.password_hash) is None:
        bcrypt.checkpw(secret, _dummy_hash(_usual_cost(accounts)))
        return None
    try:
        return account if bcrypt.checkpw(secret, account.password_hash.encode("ascii")) else None
    except ValueError:
        return None


@dataclass(frozen=True)
class SignIn:
    """What a sign-in attempt gave: the account, or why not (locked_until: epoch seconds)."""

    account: Account | None
    locked_until: float | None = None

    @property
    def locked(self) -> bool:
        return self.account is None and self.locked_until is not None


def sign_in(access: AccessSettings, accounts: dict[str, Account], name: str, password: str, *,
            client: str | None, channel: str) -> SignIn:
    """Throttled sign-in with an audit trail. A locked name or client is refused before any
    password is checked; a wrong password counts against the name (known or not: a lockout tells
    nothing about which names exist) and the client; a right one clears the name's count.
    channel: "web" or "cli" (for the audit log); client: the address, None when unknown."""
    throttle = access.throttle
    name = (name or "").strip()
    known = name in accounts
    where = {"client": client, "channel": channel, "settings": access.settings}
    if throttle is not None:
        until = throttle.locked_until(name, client)
        if until is not None:
            audit.record("sign_in_locked", user=name if known else None, until=_stamp(until), **where)
            return SignIn(None, until)
    account = authenticate(accounts, name, password)
    if account is not None:
        if throttle is not None:
            throttle.succeeded(name)
        audit.record("sign_in", user=account.name, role=account.role, **where)
        return SignIn(account)
    until, newly = throttle.failed(name, client) if throttle is not None else (None, [])
    audit.record("sign_in_failed", user=name if known else None, name_known=known, **where)
    for what in newly:
        audit.record("lockout", user=name if known and what == "name" else None, locked=what, until=_stamp(until),
                     **where)
    return SignIn(None, until)


def _stamp(epoch: float | None) -> str | None:
    return dt.datetime.fromtimestamp(epoch).astimezone().isoformat(timespec="seconds") if epoch else None


# ---------------------------------------------------------------- sessions and roles

def session_expired(login_at: float | None, minutes: int, now: float | None = None) -> bool:
    if login_at is None:
        return True
    return (now if now is not None else time.time()) - float(login_at) > minutes * 60


def session_key(account: Account) -> str:
    """A short fingerprint of the account's password hash, kept in the session at sign-in: when
    the hash changes (a new password), the session no longer matches."""
    return hashlib.sha256(account.password_hash.encode("ascii", "replace")).hexdigest()[:16]


def password_changed_since(account: Account, login_at: float | None, key: str | None) -> bool:
    """Whether the account's password was set after the session signed in (or its hash is no longer
    the one the session signed in with): the session must end."""
    if key is not None and key != session_key(account):
        return True
    if not account.password_changed:
        return False
    try:
        changed = dt.datetime.fromisoformat(account.password_changed).timestamp()
    except ValueError:
        return True  # a damaged stamp: sign in again rather than guess
    return login_at is None or float(login_at) < changed


def restriction_for(account: Account | None, access: AccessSettings) -> db.Restriction:
    """What an account may receive; None = sign-in off (the single local user)."""
    if account is None:
        return db.Restriction(role="local", personal=access.local_personal_data)
    if account.role == "leader":
        return db.Restriction(role="leader", personal=False, citizen_rows=False)
    if account.role == "analyst":
        return db.Restriction(role="analyst", personal=account.personal_data)
    return db.Restriction(role="commune_officer", commune=account.commune, personal=account.personal_data)


def may_import(restriction: db.Restriction) -> bool:
    """Importing replaces everyone's data: the local user and analysts only."""
    return restriction.role in ("local", "analyst")


def may_see_audit(restriction: db.Restriction) -> bool:
    """The audit log (who signed in, imported, exported): analysts and the local user, not leaders
    or commune officers."""
    return restriction.role in ("local", "analyst")


def may_see_import_report(restriction: db.Restriction) -> bool:
    """The validation report lists rows of every commune: not for a commune officer."""
    return restriction.commune is None
