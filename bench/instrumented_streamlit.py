"""`streamlit` with a trace, for bench/page_profile.py: `python bench/instrumented_streamlit.py run dashboard.py ...`.

Appends one JSON line to $BENCH_TRACE per forward message the server sends a session (time, kind,
element type, bytes, delta path) and per named query run (outreach.query.db.run_query: name, ms);
with $BENCH_CPROFILE (a folder) each script run is profiled (cProfile, the script thread only) into
<folder>/<n>.prof. Nothing of the app is changed; the patches wrap Streamlit's and the runner's
functions in this process only."""

from __future__ import annotations

import cProfile
import itertools
import json
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_trace = open(os.environ["BENCH_TRACE"], "a", buffering=1, encoding="utf-8")
_lock = threading.Lock()


def log(**row) -> None:
    with _lock:
        _trace.write(json.dumps(row) + "\n")


def _patch() -> None:
    from streamlit.runtime import app_session
    from streamlit.runtime.scriptrunner import script_runner

    from outreach.query import db

    enqueue = app_session.AppSession._enqueue_forward_msg

    def traced_enqueue(self, msg):
        kind = msg.WhichOneof("type")
        element = None
        if kind == "delta":
            delta = msg.delta.WhichOneof("type")
            element = msg.delta.new_element.WhichOneof("type") if delta == "new_element" else delta
        log(t=time.perf_counter(), session=self.id[:8], kind=kind, element=element, bytes=msg.ByteSize(),
            path=list(msg.metadata.delta_path))
        return enqueue(self, msg)

    app_session.AppSession._enqueue_forward_msg = traced_enqueue

    run_query = db.run_query

    def traced_query(cursor, name, *args, **kwargs):
        started = time.perf_counter()
        try:
            return run_query(cursor, name, *args, **kwargs)
        finally:
            log(t=started, query=name, ms=(time.perf_counter() - started) * 1000)

    db.run_query = traced_query

    run_script = script_runner.ScriptRunner._run_script
    folder = os.environ.get("BENCH_CPROFILE")
    counter = itertools.count(1)

    def traced_run(self, rerun_data):
        started = time.perf_counter()
        profiler = cProfile.Profile() if folder else None
        if profiler:
            profiler.enable()
        try:
            return run_script(self, rerun_data)
        finally:
            if profiler:
                profiler.disable()
                profiler.dump_stats(str(Path(folder) / f"{next(counter)}.prof"))
            log(t=started, run="script", ms=(time.perf_counter() - started) * 1000, page=rerun_data.page_name
                if hasattr(rerun_data, "page_name") else None)

    script_runner.ScriptRunner._run_script = traced_run


_patch()

if __name__ == "__main__":
    from streamlit.web.cli import main

    sys.argv = ["streamlit", *sys.argv[1:]]
    main()
