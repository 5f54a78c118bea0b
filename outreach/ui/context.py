"""What a page run knows about what the user is looking at (language, settings, database version,
period and filters); made by shell.setup_page and passed to every ui and views call."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from outreach.config import Settings
from outreach.i18n import t
from outreach.query import db
from outreach.query.periods import Period


@dataclass(frozen=True)
class Context:
    """Everything a page needs to know about what the user is looking at."""

    lang: str
    settings: Settings
    database: Path
    version: str  # the database file this page run reads: fixed for the whole run
    scope: db.Scope
    data_as_of: dt.date
    first_month: dt.date
    commune_name: str | None
    agency_name: str | None
    page: str | None = None  # whose column headers the page's tables use (views/columns.PAGE_PREFIXES)
    # The sidebar's filter box while it is open (a page adds its own filters to it), else None.
    filter_box: Any = None

    @property
    def period(self) -> Period:
        return self.scope.period

    def t(self, key: str, **values: Any) -> str:
        return t(key, self.lang, **values)
