"""Every page in Vietnamese, to the framework's own words: opened in Debian Chromium on the demo
province (desktop and phone, each page and each section that has tables), the page's text,
tooltips (aria-label, title) and placeholders hold none of Streamlit's English words
(outreach/texts/framework.py) and no "None", "nan" or "NaT" for an empty value; English stays a switch."""

from __future__ import annotations

import re

import pytest

from conftest import open_page
from outreach.texts.framework import PATTERNS, WORDS

pytestmark = pytest.mark.browser

# Each page, and the sections (kept in the URL) that show other tables.
VIEWS = ["/", "/bao_phu", "/bao_phu?ctab=blind", "/bao_phu?ctab=table", "/bao_phu?ctab=overlaps",
         "/bao_phu?sel=" + "{commune}", "/y_kien", "/y_kien?ftab=open", "/y_kien?ftab=held", "/can_bo",
         "/can_bo?otab=quota", "/can_bo?otab=flags", "/don_vi", "/don_vi?atab=trend", "/y_kien?ftab=monthly", "/du_lieu", "/du_lieu?dtab=report",
         "/du_lieu?dtab=history", "/du_lieu?dtab=extracts"]
# On a phone the same words are drawn (the sections' texts are checked on the desktop): each page,
# and the views whose phone layout differs (the quota heatmap's short names, the map's height).
PHONE_VIEWS = ["/", "/bao_phu", "/y_kien", "/can_bo", "/can_bo?otab=quota", "/don_vi", "/du_lieu"]

# Text of the page (not icons' ligature names, scripts or the no-JavaScript notice), its tooltips and
# placeholders; the tables' cells are read from the grid's accessible copy of the visible rows.
COLLECT = r"""
() => {
  const found = [];
  const skip = 'script, style, noscript, [data-testid="stIconMaterial"], [data-testid="stExpanderIcon"], ' +
               '[data-testid="stAlertDynamicIcon"], .material-symbols-rounded';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const parent = node.parentElement;
    if (!parent || parent.closest(skip)) continue;
    const text = node.nodeValue.trim();
    if (text) found.push(text);
  }
  for (const element of document.querySelectorAll('[aria-label], [title], [placeholder], [data-title]')) {
    for (const name of ['aria-label', 'title', 'placeholder', 'data-title']) {
      const value = element.getAttribute(name);
      if (value && value.trim()) found.push(value.trim());
    }
  }
  return found;
}
"""

EMPTY_WORDS = {"None", "nan", "NaN", "NaT", "null", "undefined", "<NA>"}
_PATTERNS = [re.compile(source) for source, _ in PATTERNS]


def english_words(texts: list[str]) -> list[str]:
    """The texts that are one of the framework's English words, or an empty value spelt out."""
    return sorted({text for text in texts
                   if text in WORDS or text in EMPTY_WORDS or any(pattern.match(text) for pattern in _PATTERNS)})


def test_the_check_itself_catches_the_framework_words():
    assert english_words(["Choose an option", "Tổng quan", "200MB per file", "None", "Không có kết quả"]) == \
        ["200MB per file", "Choose an option", "None"]


def _finished(page) -> None:
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    page.wait_for_function("document.querySelector('h1') !== null", timeout=90_000)
    # The run is over: no "Running…" indicator and no skeleton left.
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]') && "
                           "!document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=90_000)
    page.wait_for_timeout(400)


def _commune(demo_database) -> str:
    import duckdb

    with duckdb.connect(str(demo_database), read_only=True) as con:
        return con.execute("select min(commune_code) from communes").fetchone()[0]


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_every_page_speaks_vietnamese_to_the_framework_words(demo_streamlit_server, demo_database, browser, phone):
    commune = _commune(demo_database)
    problems: dict[str, list[str]] = {}
    page = open_page(browser, demo_streamlit_server + "/", phone=phone)
    for view in PHONE_VIEWS if phone else VIEWS:
        path = view.replace("{commune}", commune)
        page.goto(demo_streamlit_server + path, wait_until="domcontentloaded")
        _finished(page)
        texts = page.evaluate(COLLECT)
        # Open the first choice list and type what matches nothing: its placeholder and "No results".
        choice = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first
        if choice.count() and choice.is_visible():
            choice.click()
            page.keyboard.type("khong-co-muc-nay")
            page.wait_for_timeout(400)
            texts += page.evaluate(COLLECT)
            page.keyboard.press("Escape")
        found = english_words(texts)
        if found:
            problems[path] = found
    assert not page.errors, page.errors
    page.close()
    assert not problems, problems


def test_words_that_appear_later_are_translated_and_english_is_a_switch(demo_streamlit_server, browser):
    page = open_page(browser, demo_streamlit_server + "/don_vi")
    _finished(page)
    # A text the framework adds after the page is drawn (a list's "No results", a tooltip).
    page.evaluate("""() => { const p = document.createElement('p'); p.id = 'late'; p.textContent = 'No results';
                             p.setAttribute('aria-label', 'Fullscreen'); document.body.appendChild(p); }""")
    page.wait_for_function("document.getElementById('late').textContent === 'Không có kết quả'", timeout=5_000)
    assert page.get_attribute("#late", "aria-label") == "Toàn màn hình"
    assert page.evaluate("document.documentElement.lang") == "vi"
    # Imported text that only contains a framework word is not touched.
    page.evaluate("""() => { const p = document.createElement('p'); p.id = 'name'; p.textContent = 'Stop and search';
                             document.body.appendChild(p); }""")
    page.wait_for_timeout(300)
    assert page.inner_text("#name") == "Stop and search"
    page.close()

    english = open_page(browser, demo_streamlit_server + "/don_vi?lang=en")
    _finished(english)
    assert english.evaluate("document.documentElement.lang") == "en"
    assert english.get_attribute('[data-testid="stSidebar"]', "aria-label") == "Sidebar"
    english.close()
