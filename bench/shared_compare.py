"""Shared intermediate results on and off: python bench/shared_compare.py DATABASE [--commune]

Runs each page's queries (bench/run.py's PAGES) with every query computed (the stored default view
bypassed), once with outreach/query/shared.py's shared rows and once with each macro call evaluated
inside its query, alternating, best of two each, the shared rows emptied before each page run.
Prints one line per page. Not part of the test suite.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

import duckdb  # noqa: E402

import run as bench  # noqa: E402
from outreach.config import load_settings  # noqa: E402
from outreach.query import db, shared  # noqa: E402


def main(argv: list[str]) -> int:
    settings = load_settings()
    with duckdb.connect(argv[0], read_only=True) as con:
        scope, values = bench.page_params(con, settings)
        if "--commune" in argv:
            scope = db.Scope(period=scope.period, commune=values["commune_pick"])
        print(f"load average {' / '.join(f'{v:.2f}' for v in os.getloadavg())}")
        for page in bench.PAGES:
            queries = bench.existing(bench.resolve(bench.SIDEBAR, values) + bench.resolve(page.queries, values))
            best = {"plain": [], "shared": []}
            for _ in range(2):
                for mode in best:
                    with db.computed(), (shared.disabled() if mode == "plain" else contextlib.nullcontext()):
                        best[mode].append(sum(bench.run_page(con, scope, settings, queries).values()))
            plain, with_shared = min(best["plain"]), min(best["shared"])
            print(f"{page.name}: plain {plain * 1000:,.0f} ms, shared {with_shared * 1000:,.0f} ms "
                  f"({(with_shared / plain - 1) * 100:+.0f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
