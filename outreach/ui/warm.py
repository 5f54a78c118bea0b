"""The default view computed before anyone asks for it: after an import (and after the demo is
built), every page's default view — whole province, the default period, no filter, the first
section — is run once into the shared result cache, so the first reader does not wait for it.

DEFAULT_VIEW names the queries each page runs for that view; tests/test_pages.py opens every page
after warm() and fails if any of its queries still had to run (so the list cannot go stale).
A new database imported by the command line is warmed by the first page run that sees it, in the
background (warm_in_background), once per database version; a server that starts on an existing
database warms it at once (outreach/ui/warm_start.py).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pandas as pd

from outreach.query import auth, db
from outreach.query.periods import resolve_period
from outreach.ui.results import _cached, _map_assets, restriction_key, run_plain, settings

# The queries of each page's default view, in the order the page runs them.
DEFAULT_VIEW: dict[str, tuple[str, ...]] = {
    "dashboard.py": ("overview_kpis", "monthly_trend"),
    "pages/1_bao_phu.py": ("commune_map", "blind_spots", "visit_overlaps"),
    "pages/2_y_kien.py": ("feedback_summary", "feedback_flow", "feedback_km_curve"),
    "pages/3_can_bo.py": ("official_participation", "official_profile", "official_flags", "official_flag_evidence"),
    "pages/4_don_vi.py": ("agency_scorecard_detail", "agency_scorecard"),
}

_warmed: set[tuple[str, str]] = set()
_lock = threading.Lock()


def restrictions() -> list[db.Restriction]:
    """Whose default view to warm: the local user with sign-in off; with sign-in on, leaders and
    each kind of analyst (a commune officer's view is one commune: quick, and one per commune)."""
    access = auth.access_settings(settings())
    if not access.enabled:
        return [auth.restriction_for(None, access)]
    try:
        accounts = auth.load_accounts(access.users_file).values()
    except (OSError, ValueError):
        return []
    found = {restriction_key(auth.restriction_for(account, access)): auth.restriction_for(account, access)
             for account in accounts if account.role in ("leader", "analyst")}
    return list(found.values())


def default_scope(database: Path, version: str, restriction: db.Restriction) -> db.Scope:
    """The scope a page opens with (shell.setup_page with nothing chosen)."""
    config = settings()
    bounds = run_plain(database, "data_as_of", version, restriction).iloc[0]
    data_as_of = pd.Timestamp(bounds["as_of"]).date()
    default = resolve_period(data_as_of=data_as_of)
    period = resolve_period(data_as_of=data_as_of, start=default.start_month.strftime("%Y-%m"),
                            end=default.end_month.strftime("%Y-%m"),
                            visits_from=db.visits_from_of(bounds, data_as_of, config))
    return db.Scope(period=period, restriction=restriction)


def warm(database: Path, version: str | None = None) -> int:
    """Run every page's default view into the cache; returns how many results it holds."""
    version = version or db.database_version(database)
    config = settings()
    count = 0
    for restriction in restrictions():
        key = restriction_key(restriction)
        run_plain(database, "commune_list", version, restriction, commune=restriction.commune)
        run_plain(database, "agency_list", version, restriction)
        scope = default_scope(database, version, restriction)
        if not scope.period.has_data:
            continue
        for names in DEFAULT_VIEW.values():
            for name in names:
                params = scope.params_for(name, config, {})
                _cached(str(database), version, name, tuple(sorted(params.items())), key)
                count += 1
        _map_assets(str(database), version, key)
    _warmed.add((str(database), version))
    return count


_seen: dict[str, str] = {}


def seen(database: Path, version: str) -> None:
    """A page run opened this database version: when it is not the version this server saw before
    (an import by the command line meanwhile), warm its default view in the background."""
    previous = _seen.get(str(database))
    _seen[str(database)] = version
    if previous is not None and previous != version:
        warm_in_background(database, version)


def warm_in_background(database: Path, version: str) -> None:
    """Warm a database version no reader has opened yet (imported from the command line), once."""
    with _lock:
        if (str(database), version) in _warmed:
            return
        _warmed.add((str(database), version))
    threading.Thread(target=_quietly, args=(database, version), name="outreach-warm", daemon=True).start()


def _quietly(database: Path, version: str) -> None:
    try:
        warm(database, version)
    except Exception:  # a warm-up that fails costs the reader the wait, nothing else  # noqa: BLE001
        import logging

        logging.getLogger(__name__).exception("warming the default view of %s failed", database)



def warm_once(database: Path, version: str) -> None:
    """Warm this database version now, in this thread, unless it was (or is being) warmed."""
    with _lock:
        if (str(database), version) in _warmed:
            return
        _warmed.add((str(database), version))
    _seen.setdefault(str(database), version)
    warm(database, version)
