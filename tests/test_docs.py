"""docs/metrics.md stands alone: it names every named query, and the code cites it (never a document
outside the repository)."""

from __future__ import annotations

import re

from outreach.query import db
from support import ROOT

DOCS = ROOT / "docs" / "metrics.md"


def test_every_named_query_is_in_the_metrics_page():
    text = DOCS.read_text(encoding="utf-8")
    missing = [name for name in db.query_names() if f"`{name}`" not in text]
    assert not missing, f"docs/metrics.md does not name {missing}"


def test_code_cites_docs_metrics_not_an_outside_document():
    sources = [*ROOT.glob("outreach/**/*.py"), *ROOT.glob("queries/**/*.sql"), *ROOT.glob("pages/*.py"),
               ROOT / "dashboard.py", *ROOT.glob("tests/*.py"), *ROOT.glob("bench/*.py"), *ROOT.glob("*.md"),
               *ROOT.glob("docs/*.md"), *ROOT.glob("data/*.md")]
    outside = re.compile(r"METRICS\.md|METRICS \d|\.\./shared|shared/METRICS")
    found = [str(path.relative_to(ROOT)) for path in sources
             if path != ROOT / "tests" / "test_docs.py" and outside.search(path.read_text(encoding="utf-8"))]
    assert not found, found


def test_the_metrics_page_defines_its_sections():
    text = DOCS.read_text(encoding="utf-8")
    for heading in ("## Shared notions", "**Data start (visits_from).**", "## Coverage", "## Participation",
                    "## Citizen feedback", "## Flags on officials", "## Agency review", "## The named queries",
                    "## Edge rules", "## Settings", "## Choices this project made"):
        assert heading in text, heading
    # Every "edge rule N" a comment cites exists in the list.
    rules = {int(number) for number in re.findall(r"^(\d+)\. ", text.split("## Edge rules")[1].split("## Settings")[0],
                                                     flags=re.M)}
    assert rules == set(range(1, 19))
