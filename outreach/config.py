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
        """Values that queries may name as parameters ($reply_working_days, ...)."""
        flags = self.raw["flags"]
        score = self.raw["scorecard"]
        return {
            "reply_working_days": int(self.raw["feedback"]["reply_working_days"]),
            "held_after_days": int(self.raw["feedback"]["held_after_days"]),
            "overlap_max_days": int(self.raw["coverage"]["overlap_max_days"]),
            "blind_spot_days": int(self.raw["coverage"]["blind_spot_days"]),
            "never_present_min_listed": int(flags["listed_never_present_min_listed"]),
            "rarely_present_min_listed": int(flags["rarely_present_min_listed"]),
            "rarely_present_max_rate": float(flags["rarely_present_max_rate"]),
            "under_quota_min_months": int(flags["under_quota_min_months"]),
            "holding_min_items": int(flags["holding_information_min_items"]),
            "weight_coverage": float(score["weight_coverage"]),
            "weight_attendance": float(score["weight_attendance"]),
            "weight_quota": float(score["weight_quota"]),
            "weight_on_time": float(score["weight_on_time"]),
            "group_share": float(score["group_share"]),
            "min_officials": int(score["min_officials"]),
        }


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
