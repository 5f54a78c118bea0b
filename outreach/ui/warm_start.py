"""The warm-up at server start (called by dashboard.py's app, before any reader).

It imports what the pages import on their first run (Plotly's figure validators, the views,
geopandas for the map) and, when the database exists, warms its default view (outreach/ui/warm.py),
so that the first reader after a restart waits for neither. Everything runs in a background thread
that first waits for Streamlit's runtime, whose caches the pages read: this module imports nothing
of Streamlit's caches itself. A database still to be built (first start) is left to the page that
builds it.
"""

from __future__ import annotations

import logging
import threading
import time


def start() -> threading.Thread:
    thread = threading.Thread(target=_run, name="outreach-warm-start", daemon=True)
    thread.start()
    return thread


def _runtime_ready() -> bool:
    from streamlit import runtime

    return runtime.exists()


def _run() -> None:
    try:
        for _ in range(300):  # the runtime starts right after the app module is read
            if _runtime_ready():
                break
            time.sleep(0.1)
        else:
            return
        import plotly.graph_objects as go

        go.Figure(go.Scatter(x=[1], y=[1]), layout=dict(height=10)).to_dict()  # builds the validators
        import geopandas  # noqa: F401  (the map's geometry, on the coverage page's first run)

        from outreach.query import db
        from outreach.ui import warm
        from outreach.views import agencies, charts, coverage, feedback, flags, officials, overview  # noqa: F401

        from outreach.ui.results import built_by_this_version

        database = warm.settings().path("database")
        if database.exists():
            version = db.database_version(database)
            if built_by_this_version(str(database), version):  # an older version's: the pages say so
                warm.warm_once(database, version)
    except Exception:  # a warm-up that fails costs the reader the wait, nothing else  # noqa: BLE001
        logging.getLogger(__name__).exception("warming at start failed")
