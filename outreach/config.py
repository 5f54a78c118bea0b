"""Settings: outreach/defaults.toml overlaid with the user's outreach.toml."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULTS_FILE = Path(__file__).with_name("defaults.toml")


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


class ConfigError(ValueError):
    """The settings file exists but cannot be read or parsed (the message names it)."""


@dataclass(frozen=True)
class Settings:
    raw: dict[str, Any]
    source: Path | None
    # Why no settings file of the user's applies (None: one was read). With a problem, the
    # defaults hold but nothing unrestricted is granted from them (outreach.query.auth).
    problem: str | None = None

    @property
    def from_file(self) -> bool:
        """A real settings file (a regular file with settings in it) was read."""
        return self.source is not None and self.problem is None

    def get(self, section: str, key: str) -> Any:
        return self.raw[section][key]

    def path(self, key: str) -> Path:
        value = Path(self.raw["paths"][key])
        return value if value.is_absolute() else PROJECT_ROOT / value

    def with_database(self, database: Path) -> "Settings":
        """The same settings reading another database (the CLI's --db): what is beside the
        database (the audit log by default) follows it."""
        paths = {**self.raw["paths"], "database": str(Path(database).resolve())}
        return Settings(raw={**self.raw, "paths": paths}, source=self.source, problem=self.problem)

    def query_settings(self) -> dict[str, Any]:
        """Every setting a definition uses, by the name the queries know it by ($settings['name']):
        the keys of [feedback], [coverage], [flags] and [scorecard] in outreach/defaults.toml."""
        values: dict[str, Any] = {}
        for section in QUERY_SECTIONS:
            for key, value in self.raw[section].items():
                values[QUERY_NAMES.get(key, key)] = value
        return values


# Sections of the settings that the definitions use, and the shorter names two flag keys go by in SQL.
QUERY_SECTIONS = ("feedback", "coverage", "flags", "scorecard")
QUERY_NAMES = {"listed_never_present_min_listed": "never_present_min_listed",
               "holding_information_min_items": "holding_min_items"}


def settings_file() -> Path | None:
    """The user's settings file in use (OUTREACH_CONFIG, else ./outreach.toml), if it exists."""
    candidate = Path(os.environ["OUTREACH_CONFIG"]) if os.environ.get("OUTREACH_CONFIG") else PROJECT_ROOT / "outreach.toml"
    return candidate if candidate.exists() else None


def load_settings(path: Path | None = None) -> Settings:
    """The defaults overlaid with the user's file. A named file (OUTREACH_CONFIG or `path`) that is
    missing, a file that is not a regular file (/dev/null) or is empty leaves the defaults with a
    `problem` (then no unmasked personal data without an account); one that cannot be read or parsed
    raises ConfigError. No ./outreach.toml and nothing named: the defaults, as written."""
    with DEFAULTS_FILE.open("rb") as handle:
        raw = tomllib.load(handle)
    named = path or (Path(os.environ["OUTREACH_CONFIG"]) if os.environ.get("OUTREACH_CONFIG") else None)
    candidate = named or PROJECT_ROOT / "outreach.toml"
    if not candidate.exists():
        # A fresh install has no outreach.toml: the defaults apply as written. A file that was named
        # (OUTREACH_CONFIG or a path) and is not there is a problem: nobody can tell what was meant.
        return Settings(raw=raw, source=None, problem=f"settings file {candidate} not found" if named else None)
    if not candidate.is_file():
        return Settings(raw=raw, source=None, problem=f"settings file {candidate} is not a regular file")
    try:
        with candidate.open("rb") as handle:
            overrides = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read the settings file {candidate}: {error}") from error
    if not overrides:
        return Settings(raw=raw, source=candidate, problem=f"settings file {candidate} is empty")
    return Settings(raw=_merge(raw, overrides), source=candidate)
