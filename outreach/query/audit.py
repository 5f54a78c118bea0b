"""The audit log: who did what and when (sign-ins, failures, lockouts, sign-outs, imports, exports,
downloads), one JSON object per line, readable by its owner only (mode 600).

No Streamlit here. Any module calls record(event, user=..., **details); the Data page shows read()
to analysts. Never a password or a citizen's personal data: details take plain values (text,
numbers, true/false) under names that are not personal, texts are cut to a few hundred characters.

The file is [access] audit_file, by default audit.jsonl beside the database.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from outreach.config import PROJECT_ROOT, ConfigError, Settings, load_settings

log = logging.getLogger(__name__)

# Events written by the project (details in brackets):
# sign_in [role], sign_in_failed [name_known], sign_in_locked [until], lockout [locked, until], sign_out,
# session_ended [reason], import_start [source, channel], import_end [exit_code, rows_*],
# export [extract, rows, personal, format, channel], export_refused, download [what, rows, personal],
# download_refused [what, status], account_changed [action, account] (python -m outreach users).
EVENTS = ("sign_in", "sign_in_failed", "sign_in_locked", "lockout", "sign_out", "session_ended",
          "import_start", "import_end", "export", "export_refused", "download", "download_refused",
          "account_changed")

# Detail names that must never be written, whatever a caller passes (they are dropped).
_FORBIDDEN = ("password", "secret", "hash", "citizen", "phone", "summary", "content")
_MAX_TEXT = 300


def audit_path(settings: Settings | None = None) -> Path:
    """[access] audit_file, else audit.jsonl beside the database."""
    if settings is None:
        try:
            settings = load_settings()
        except ConfigError:
            settings = load_settings(Path(os.devnull))  # the defaults: still somewhere to write
    configured = str(settings.raw.get("access", {}).get("audit_file", "") or "")
    if configured:
        path = Path(configured)
        return path if path.is_absolute() else PROJECT_ROOT / path
    return settings.path("database").with_name("audit.jsonl")


def _limits(settings: Settings | None) -> tuple[int, int]:
    """([access] audit_max_mb in bytes, audit_keep): when the log passes the size it is renamed
    audit.jsonl.1 (the older ones shift to .2 … and the one past audit_keep goes)."""
    values = settings.raw.get("access", {}) if settings is not None else {}
    try:
        size = int(float(values.get("audit_max_mb", 20)) * 1024 * 1024)
        keep = int(values.get("audit_keep", 5))
    except (TypeError, ValueError):
        size, keep = 20 * 1024 * 1024, 5
    return max(size, 4096), max(keep, 1)


def rotated(path: Path, number: int) -> Path:
    return path.with_name(f"{path.name}.{number}")


def _rotate(path: Path, keep: int, size: int) -> None:
    """Rename a full log out of the way, under a lock (two servers never rotate the same file twice)."""
    lock = os.open(path.with_name(path.name + ".lock"), os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if path.stat().st_size < size:
                return  # another writer rotated it while this one waited
        except FileNotFoundError:
            return
        rotated(path, keep).unlink(missing_ok=True)
        for number in range(keep - 1, 0, -1):
            if rotated(path, number).exists():
                os.replace(rotated(path, number), rotated(path, number + 1))
        os.replace(path, rotated(path, 1))
    finally:
        os.close(lock)


def _clean(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, Path):
        value = str(value)
    text = str(value).replace("\r", " ").replace("\n", " ")
    return text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT] + "…"


def entry(event: str, user: str | None, details: dict[str, Any], now: dt.datetime | None = None) -> dict[str, Any]:
    """The line written for an event: at, event, user, then the allowed details."""
    line: dict[str, Any] = {"at": (now or dt.datetime.now().astimezone()).isoformat(timespec="seconds"),
                            "event": _clean(event), "user": _clean(user) if user else None}
    for key, value in details.items():
        name = str(key)
        if name in line or any(word in name.lower() for word in _FORBIDDEN):
            continue
        line[name] = _clean(value)
    return line


def record(event: str, *, user: str | None, settings: Settings | None = None, **details: Any) -> None:
    """Append one event to the audit log (settings: where it is; default the current settings).
    A log that cannot be written is reported on the server's log (stderr) and does not stop the
    action."""
    path = audit_path(settings)
    data = (json.dumps(entry(event, user, details), ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    size, keep = _limits(settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if path.stat().st_size + len(data) > size:
                _rotate(path, keep, size - len(data))
        except FileNotFoundError:
            pass
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if os.fstat(descriptor).st_mode & 0o077:
                os.fchmod(descriptor, 0o600)
            os.write(descriptor, data)  # one write of one line: lines of concurrent writers never mix
        finally:
            os.close(descriptor)
    except OSError as error:
        log.error("audit log %s not written (%s): %s", path, error, data.decode("utf-8").strip())


def _lines_backwards(path: Path, block: int = 65536) -> Iterator[bytes]:
    """The file's lines, last first, reading from the end (a long log is not read whole)."""
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        position, rest = handle.tell(), b""
        while position > 0:
            step = min(block, position)
            position -= step
            handle.seek(position)
            chunk = handle.read(step) + rest
            lines = chunk.split(b"\n")
            rest = lines.pop(0)
            for line in reversed(lines):
                if line.strip():
                    yield line
        if rest.strip():
            yield rest


def read(limit: int = 1000, settings: Settings | None = None) -> list[dict[str, Any]]:
    """The last `limit` events, newest first (a line that is not JSON is skipped), reading on
    into the rotated files (audit.jsonl.1, .2 …) when the current one holds fewer."""
    path = audit_path(settings)
    found: list[dict[str, Any]] = []
    files = [path] + [rotated(path, number) for number in range(1, _limits(settings)[1] + 1)]
    for file in files:
        if not file.exists():
            continue
        for line in _lines_backwards(file):
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                found.append(value)
                if len(found) >= limit:
                    return found
    return found


PERSONAL_COLUMNS = frozenset({"citizen_name", "citizen_phone"})


def personal_included(columns: list[str] | set[str], personal: bool) -> bool:
    """Whether a file with these columns, written under a restriction with `personal`, holds
    citizens' names or phones unmasked (for the `personal` detail of export and download)."""
    return bool(personal and PERSONAL_COLUMNS & set(columns))


def import_details(report: Any) -> dict[str, Any]:
    """The counts of an import (an outreach.ingest ImportReport) for the import_end event; not the
    error's text, which may quote a cell of the file."""
    tables = getattr(report, "tables", []) or []
    return {"exit_code": getattr(report, "exit_code", None),
            "files": len(getattr(report, "files", []) or []),
            "rows_read": sum(int(table.read) for table in tables),
            "rows_loaded": sum(int(table.loaded) for table in tables),
            "rows_rejected": sum(int(table.rejected) for table in tables),
            "as_of": str(report.as_of) if getattr(report, "as_of", None) else None}
