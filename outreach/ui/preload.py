"""Fetch and compile, while the page's script runs, the framework's code a page will draw with.

Streamlit splits its frontend into chunks that the browser loads when an element first needs one:
Plotly's (4.7 MB of JavaScript) when the first chart mounts, the data grid's when the first table
does. A page sends its chart after its cards and filters, so a new reader's browser would start
fetching and compiling that chunk only then, with the chart waiting on it. This places, as the
page's first element, a small script that adds <link rel="modulepreload"> for those chunks to the
document: the browser fetches and compiles them in the background during the script run, and the
chart's own import then finds the module ready (the same URL, so the same module). Nothing is
executed early and nothing is fetched from outside the dashboard's own server.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import streamlit as st

# The chunks by the element that needs them (their files carry a content hash: found at start).
CHUNKS = {"chart": "PlotlyChart", "table": "DataFrame"}

_SCRIPT = """
<script>
(() => {
  const files = %(files)s;
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  // The chunks sit beside the frontend's entry script, whatever path the server is served under.
  const entry = doc.querySelector('script[type="module"][src*="/static/js/"]');
  if (!entry) return;
  const base = entry.src.replace(/[^/]*$/, "");
  for (const file of files) {
    if (doc.querySelector('link[data-outreach-preload="' + file + '"]')) continue;
    const link = doc.createElement("link");
    link.rel = "modulepreload";
    link.href = base + file;
    link.dataset.outreachPreload = file;
    doc.head.appendChild(link);
  }
})();
</script>
"""


@functools.cache
def chunk_files(kinds: tuple[str, ...]) -> tuple[str, ...]:
    """The file names of the chunks of these kinds in the installed Streamlit (one file each; a
    kind whose file is not found, or found twice, is left out)."""
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    names = []
    for kind in kinds:
        found = sorted(folder.glob(f"{CHUNKS[kind]}.*.js"))
        if len(found) == 1:
            names.append(found[0].name)
    return tuple(names)


def script(kinds: tuple[str, ...]) -> str:
    return _SCRIPT % {"files": json.dumps(list(chunk_files(kinds)))}


def apply(kinds: tuple[str, ...] = ("chart", "table")) -> None:
    """Place the preload script (first thing on the page, so the fetch overlaps the whole run)."""
    if chunk_files(kinds):
        st.html(script(kinds), unsafe_allow_javascript=True)
