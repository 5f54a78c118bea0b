"""Sign-in throttling: wrong passwords counted per user name and per client, and lockouts kept in a
small state file (mode 600) so that they hold across sessions, processes and restarts.

No Streamlit here; outreach.query.auth.sign_in uses it. A user name is stored as a hash (a name
typed by mistake may be a password); a client is its address.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def name_key(name: str) -> str:
    return "name:" + hashlib.sha256((name or "").strip().casefold().encode("utf-8")).hexdigest()[:32]


def client_key(client: str) -> str:
    return "client:" + client


@dataclass(frozen=True)
class Throttle:
    state_file: Path
    max_failures: int = 5
    window_minutes: float = 15
    lockout_minutes: float = 15
    client_max_failures: int = 20

    def _keys(self, name: str, client: str | None) -> list[tuple[str, int]]:
        keys = [(name_key(name), self.max_failures)]
        if client:
            keys.append((client_key(client), self.client_max_failures))
        return [(key, limit) for key, limit in keys if limit > 0]

    def locked_until(self, name: str, client: str | None, now: float | None = None) -> float | None:
        """When the lockout of this name or this client ends (epoch seconds), None if not locked."""
        now = time.time() if now is None else now
        with self._state(write=False) as state:
            ends = [float(state.get(key, {}).get("locked_until") or 0) for key, _ in self._keys(name, client)]
        latest = max(ends, default=0.0)
        return latest if latest > now else None

    def failed(self, name: str, client: str | None, now: float | None = None) -> tuple[float | None, list[str]]:
        """Count a wrong password: (when the lockout that holds now ends or None, which of "name",
        "client" this failure locked)."""
        now = time.time() if now is None else now
        window, lockout = self.window_minutes * 60, self.lockout_minutes * 60
        newly: list[str] = []
        ends: list[float] = []
        with self._state(write=True) as state:
            for key, limit in self._keys(name, client):
                entry = state.setdefault(key, {"failures": [], "locked_until": 0})
                entry["failures"] = [t for t in entry.get("failures", []) if now - float(t) < window] + [now]
                if len(entry["failures"]) >= limit and float(entry.get("locked_until") or 0) <= now:
                    entry["locked_until"] = now + lockout
                    entry["failures"] = []
                    newly.append(key.split(":", 1)[0])
                ends.append(float(entry.get("locked_until") or 0))
        latest = max(ends, default=0.0)
        return (latest if latest > now else None), newly

    def succeeded(self, name: str) -> None:
        """A right password: the name's count of failures starts again (the client's stays)."""
        with self._state(write=True) as state:
            state.pop(name_key(name), None)

    @contextlib.contextmanager
    def _state(self, *, write: bool) -> Iterator[dict[str, Any]]:
        """The state under an exclusive lock (one writer at a time across processes), pruned of
        what has expired, written back atomically (mode 600) when `write`."""
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.state_file.with_name(self.state_file.name + ".lock")
        lock = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            state = self._read()
            yield state
            if write:
                self._write(self._pruned(state, time.time()))
        finally:
            os.close(lock)

    def _read(self) -> dict[str, Any]:
        try:
            value = json.loads(self.state_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except ValueError:
            return {}  # a damaged file: counting starts again (never a lockout of everyone)
        return value if isinstance(value, dict) else {}

    def _pruned(self, state: dict[str, Any], now: float) -> dict[str, Any]:
        window = self.window_minutes * 60
        kept = {}
        for key, entry in state.items():
            failures = [t for t in entry.get("failures", []) if now - float(t) < window]
            locked_until = float(entry.get("locked_until") or 0)
            if failures or locked_until > now:
                kept[key] = {"failures": failures, "locked_until": locked_until if locked_until > now else 0}
        return kept

    def _write(self, state: dict[str, Any]) -> None:
        temporary = self.state_file.with_name(f".{self.state_file.name}.{os.getpid()}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(state, handle)
        os.replace(temporary, self.state_file)
