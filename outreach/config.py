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


@dataclass(frozen=True)
class Settings:
    raw: dict[str, Any]
    source: Path | None

    def get(self, section: str, key: str) -> Any:
        return self.raw[section][key]

    def path(self, key: str) -> Path:
        value = Path(self.raw["paths"][key])
        return value if value.is_absolute() else PROJECT_ROOT / value

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
    with DEFAULTS_FILE.open("rb") as handle:
        raw = tomllib.load(handle)
    candidate = path or (Path(os.environ["OUTREACH_CONFIG"]) if os.environ.get("OUTREACH_CONFIG") else PROJECT_ROOT / "outreach.toml")
    if candidate.exists():
        with candidate.open("rb") as handle:
            raw = _merge(raw, tomllib.load(handle))
        return Settings(raw=raw, source=candidate)
    return Settings(raw=raw, source=None)
