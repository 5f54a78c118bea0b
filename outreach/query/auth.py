"""Optional sign-in: accounts with bcrypt hashes in a TOML file, roles and what each may receive.

No Streamlit here. Off by default (a single local user); on with `[access] enabled = true`.
The restriction an account gets (db.Restriction) is applied where queries run (outreach/query/db.py).
"""

from __future__ import annotations

import json
import os
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import bcrypt

from outreach.query import db
from outreach.config import PROJECT_ROOT, Settings

ROLES = ("leader", "analyst", "commune_officer")
# bcrypt work factor: about 0.2 s per check on a laptop core, slow enough against guessing.
ROUNDS = 12
# Compared against when the name is unknown, so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = bcrypt.hashpw(b"not-a-password", bcrypt.gensalt(4))


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    password_hash: str = ""
    commune: str | None = None
    personal_data: bool = False

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


def access_settings(settings: Settings) -> AccessSettings:
    section = settings.raw.get("access", {})
    users_file = Path(section.get("users_file", "data/users.toml"))
    return AccessSettings(
        enabled=bool(section.get("enabled", False)),
        users_file=users_file if users_file.is_absolute() else PROJECT_ROOT / users_file,
        session_minutes=int(section.get("session_minutes", 480)),
        local_personal_data=bool(section.get("local_personal_data", True)),
    )


# ---------------------------------------------------------------- accounts file

def load_accounts(path: Path) -> dict[str, Account]:
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    accounts = {}
    for name, entry in raw.get("users", {}).items():
        role = entry.get("role", "")
        if role not in ROLES:
            raise ValueError(f"{path}: user {name!r} has an unknown role {role!r} (use {', '.join(ROLES)})")
        commune = str(entry.get("commune") or "") or None
        if role == "commune_officer" and not commune:
            raise ValueError(f"{path}: commune officer {name!r} has no commune")
        accounts[name] = Account(name=name, role=role, password_hash=str(entry.get("password_hash", "")),
                                 commune=commune, personal_data=bool(entry.get("personal_data", False)))
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
                  f"password_hash = {_toml_string(account.password_hash)}", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text("\n".join(lines), encoding="utf-8")
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def hash_password(password: str) -> str:
    if len(password) < 8:
        raise ValueError("password too short: at least 8 characters")
    if len(password.encode("utf-8")) > 72:
        raise ValueError("password too long: bcrypt reads at most 72 bytes")
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(ROUNDS)).decode("ascii")


def authenticate(accounts: dict[str, Account], name: str, password: str) -> Account | None:
    """The account when the name and password match, else None (same work either way)."""
    account = accounts.get((name or "").strip())
    secret = (password or "").encode("utf-8")[:72]
    if account is None or not account.password_hash:
        bcrypt.checkpw(secret, _DUMMY_HASH)
        return None
    try:
        return account if bcrypt.checkpw(secret, account.password_hash.encode("ascii")) else None
    except ValueError:
        return None


# ---------------------------------------------------------------- sessions and roles

def session_expired(login_at: float | None, minutes: int, now: float | None = None) -> bool:
    if login_at is None:
        return True
    return (now if now is not None else time.time()) - float(login_at) > minutes * 60


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


def may_see_import_report(restriction: db.Restriction) -> bool:
    """The validation report lists rows of every commune: not for a commune officer."""
    return restriction.commune is None
