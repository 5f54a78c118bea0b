"""Bars of shares drawn as plain HTML (no chart library): a row per group, one bar cut into its
categories' shares. Used where a page's first screen should not wait for a chart to load."""

from __future__ import annotations

from html import escape

import pandas as pd

from outreach.i18n import fmt_int, fmt_percent

# A share is written inside its segment from this width on (narrower segments keep it in their tooltip).
LABEL_MIN_SHARE = 0.07


def share_bars_html(table: pd.DataFrame, labels: list[str], *, names: dict[str, str], colours: dict[str, str],
                    lang: str, test_id: str) -> str:
    """table: counts, a row per bar and a column per category (in the legend's order); labels: one
    per row. Each segment's width is its share of the row; its count and share are in its tooltip
    and, for screen readers, in the bar's label. Every text is escaped."""
    legend = "".join(f'<span class="ob-key"><i style="background:{colours[key]}"></i>{escape(names[key])}</span>'
                     for key in table.columns)
    rows = []
    for (_, counts), label in zip(table.iterrows(), labels):
        total = int(counts.sum())
        segments, spoken = [], []
        for key in table.columns:
            count = int(counts[key])
            if count == 0 or total == 0:
                continue
            share = count / total
            words = f"{names[key]}: {fmt_int(count, lang)} ({fmt_percent(share, lang, digits=1)})"
            spoken.append(words)
            text = fmt_percent(share, lang, digits=0) if share >= LABEL_MIN_SHARE else ""
            segments.append(f'<span class="ob-seg" style="width:{share * 100:.3f}%;background:{colours[key]}"'
                            f' title="{escape(words)}">{escape(text)}</span>')
        rows.append(f'<div class="ob-row"><div class="ob-label">{escape(label)}</div>'
                    f'<div class="ob-bar" role="img" aria-label="{escape(label + ": " + "; ".join(spoken))}">'
                    + "".join(segments) + "</div></div>")
    return (f"<style>{CSS}</style>"
            f'<div class="outreach-bars" data-testid="{escape(test_id)}"><div class="ob-legend">{legend}</div>'
            + "".join(rows) + "</div>")


CSS = """
.outreach-bars { font-size: 0.85rem; margin: 0.25rem 0 0.5rem; }
.outreach-bars .ob-legend { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin-bottom: 0.6rem; color: #31333f; }
.outreach-bars .ob-key i { display: inline-block; width: 0.8rem; height: 0.8rem; margin-right: 0.35rem;
  vertical-align: -0.1rem; border-radius: 2px; }
.outreach-bars .ob-row { display: flex; align-items: center; gap: 0.75rem; margin: 0.4rem 0; }
.outreach-bars .ob-label { flex: 0 0 15rem; text-align: right; color: #555; }
.outreach-bars .ob-bar { flex: 1 1 auto; display: flex; height: 1.9rem; border-radius: 3px; overflow: hidden; background: #eee; }
.outreach-bars .ob-seg { display: flex; align-items: center; justify-content: center; color: #fff;
  font-weight: 600; white-space: nowrap; overflow: hidden; min-width: 1px; }
@media (max-width: 640px) {
  .outreach-bars .ob-row { flex-direction: column; align-items: stretch; gap: 0.15rem; }
  .outreach-bars .ob-label { flex: none; text-align: left; }
}
"""
