"""Streamlit's own words in Vietnamese (outreach/texts/framework.py).

Streamlit writes its interface in English only: the run status ("Running... Stop"), the sidebar
and menu buttons, "Choose an option" and "No results" in choice lists, the table toolbar's
tooltips, the uploader. One small script, placed once per page run, replaces those texts in the
page (text, aria-label, title, placeholder) as they appear, and puts them back when the reader
switches to English. It touches nothing else: a text is replaced only when it is exactly one of
the framework's (or matches one of its patterns), so imported names and our own texts are never
changed. Charts' insides are not walked (Plotly's SVG holds none of the framework's words: charts
have no modebar). The document's language is set too (lang="vi"), for screen readers and the browser.
"""

from __future__ import annotations

import json

import streamlit as st

from outreach.texts.framework import PATTERNS, WORDS

_SCRIPT = """
<script>
(() => {
  const config = %(config)s;
  const root = window.parent && window.parent.document ? window.parent.document : document;
  const state = window.__outreachWords || (window.__outreachWords = {
    originals: new WeakMap(), attributes: new WeakMap(), observer: null, config: null });
  state.config = config;
  root.documentElement.lang = config.lang;
  // Numbers the framework formats "in the reader's locale" (tables' localized columns) follow the
  // page's language, not the browser's: 8,73 and 1.234 in Vietnamese whatever the browser is set to.
  if (!state.numbers) {
    const view = root.defaultView || window;
    const Original = view.Intl.NumberFormat;
    const chosen = (locales) => (locales === undefined && state.config.on ? "vi-VN" : locales);
    const Patched = function (locales, options) { return new Original(chosen(locales), options); };
    Patched.prototype = Original.prototype;
    Patched.supportedLocalesOf = Original.supportedLocalesOf.bind(Original);
    view.Intl.NumberFormat = Patched;
    const toLocale = view.Number.prototype.toLocaleString;
    view.Number.prototype.toLocaleString = function (locales, options) { return toLocale.call(this, chosen(locales), options); };
    state.numbers = true;
  }
  const patterns = config.patterns.map(([source, target]) => [new RegExp(source), target]);
  const ATTRIBUTES = ["aria-label", "title", "placeholder", "data-title"];
  function translated(text) {
    const trimmed = text.trim();
    if (!trimmed) return null;
    const word = config.words[trimmed];
    if (word !== undefined) return text.replace(trimmed, word);
    for (const [pattern, target] of patterns) {
      if (pattern.test(trimmed)) return text.replace(trimmed, trimmed.replace(pattern, target));
    }
    return null;
  }
  function fixText(node) {
    if (!config.on) {
      const original = state.originals.get(node);
      if (original !== undefined && node.nodeValue !== original) node.nodeValue = original;
      return;
    }
    const value = translated(node.nodeValue);
    if (value !== null && value !== node.nodeValue) {
      state.originals.set(node, node.nodeValue);
      node.nodeValue = value;
    }
  }
  function fixAttributes(element) {
    for (const name of ATTRIBUTES) {
      const current = element.getAttribute(name);
      if (current === null) continue;
      let saved = state.attributes.get(element);
      if (!config.on) {
        if (saved && saved[name] !== undefined && saved[name] !== current) element.setAttribute(name, saved[name]);
        continue;
      }
      const value = translated(current);
      if (value !== null && value !== current) {
        if (!saved) { saved = {}; state.attributes.set(element, saved); }
        saved[name] = current;
        element.setAttribute(name, value);
      }
    }
  }
  // A chart's inside (Plotly's SVG: thousands of nodes, none of them the framework's words now
  // that charts have no modebar) is left alone: walking it cost more than the chart's own drawing.
  const SKIP = 'script, style, [data-testid="stIconMaterial"], .js-plotly-plot';
  function skipped(node) {
    const element = node.nodeType === 1 ? node : node.parentElement;
    return !!(element && element.closest && element.closest(SKIP));
  }
  const filter = { acceptNode: (n) => (n.nodeType === 1 && n.matches && n.matches(SKIP)) ? 2 : 1 };  // reject: skip the subtree
  function walk(node) {
    if (node.nodeType !== 1 && node.nodeType !== 3) return;
    if (skipped(node)) return;
    if (node.nodeType === 3) { fixText(node); return; }
    fixAttributes(node);
    const walker = root.createTreeWalker(node, 5, filter);  // elements and texts, charts left out
    let next;
    while ((next = walker.nextNode())) {
      if (next.nodeType === 3) fixText(next); else fixAttributes(next);
    }
  }
  if (!state.observer) {
    state.observer = new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === "characterData") { if (!skipped(record.target)) fixText(record.target); }
        else if (record.type === "attributes") { if (!skipped(record.target)) fixAttributes(record.target); }
        else for (const node of record.addedNodes) walk(node);
      }
    });
    state.observer.observe(root.body, { subtree: true, childList: true, characterData: true,
                                        attributes: true, attributeFilter: ATTRIBUTES });
  }
  walk(root.body);
})();
</script>
"""


def script(lang: str) -> str:
    """The page script for the reader's language (English: the framework's words as written)."""
    config = {"lang": lang, "on": lang == "vi", "words": WORDS, "patterns": PATTERNS}
    return _SCRIPT % {"config": json.dumps(config, ensure_ascii=False).replace("</", "<\\/")}


def apply(lang: str) -> None:
    """Place the script on the page (once per run; it keeps watching the page by itself)."""
    st.html(script(lang), unsafe_allow_javascript=True)
