"""A row of figure cards as one block of HTML (drawn by outreach/ui/shell.py card_rows).

Each card shows its label, its value and, under the value, either a grey note or the change against
the previous period (an arrow and a colour, as st.metric draws them) with the words after it; its
definition opens from a "?" beside the label (on hover, or a tap/focus on a phone). One block for all
the cards of a row instead of one st.metric each: a metric is several elements in the browser, each
rendered through Streamlit's Markdown (bench/NOTES.md, "Page speed against a trivial page").

Every text is escaped: a card never carries markup from the data."""

from __future__ import annotations

import hashlib
import html

from outreach.views.columns import Card

# st.metric's colours (its light theme): green for a change for the better, red for the worse.
_GOOD, _BAD, _OFF = "good", "bad", "off"
_ARROWS = {"up": "↑", "down": "↓"}


def _escape(text: str) -> str:
    return html.escape(str(text), quote=True)


def _paragraphs(text: str) -> str:
    """Plain text with blank lines between paragraphs, as HTML paragraphs (escaped)."""
    parts = [part.strip() for part in str(text).split("\n\n") if part.strip()]
    return "".join(f"<p>{_escape(part).replace(chr(10), '<br>')}</p>" for part in parts)


def change_direction(card: Card) -> str | None:
    """"up", "down" or None (no arrow): the card's arrow, "auto" read off the change's sign."""
    if card.delta is None or card.delta_arrow == "off":
        return None
    if card.delta_arrow in _ARROWS:
        return card.delta_arrow
    text = str(card.delta).strip()
    if text.startswith(("-", "−")):
        return "down"
    return "up" if text and text[0] in "+0123456789" else None


def change_tone(card: Card) -> str:
    """good / bad / off: green, red or grey, as st.metric's delta_color says ("normal": up is good,
    "inverse": up is bad, "off": grey)."""
    direction = change_direction(card)
    if card.delta_color == "off" or direction is None:
        return _OFF
    up_is_good = card.delta_color != "inverse"
    return _GOOD if (direction == "up") == up_is_good else _BAD


def card_html(card: Card, index: int, help_label: str = "?") -> str:
    label = _escape(card.label)
    parts = [f'<div class="oc-card" role="listitem" data-key="{_escape(card.key)}">',
             '<div class="oc-label">', f'<span class="oc-label-text">{label}</span>']
    if card.help:
        tip = f"oc-tip-{hashlib.sha1((card.key + card.label + str(index)).encode('utf-8')).hexdigest()[:10]}"
        parts.append(f'<span class="oc-help" tabindex="0" role="button" aria-describedby="{tip}" '
                     f'aria-label="{_escape(help_label)}: {label}">?</span>'
                     f'<span class="oc-tip" role="tooltip" id="{tip}">{_paragraphs(card.help)}</span>')
    parts.append("</div>")
    parts.append(f'<div class="oc-value">{_escape(card.value)}</div>')
    if card.delta is not None:
        direction, tone = change_direction(card), change_tone(card)
        arrow = f'<span class="oc-arrow" aria-hidden="true">{_ARROWS[direction]}</span>' if direction else ""
        words = (f'<span class="oc-words">{_escape(card.delta_description)}</span>'
                 if card.delta_description else "")
        parts.append(f'<div class="oc-change"><span class="oc-delta oc-{tone}" data-direction="{direction or "none"}">'
                     f'{arrow}{_escape(card.delta)}</span>{words}</div>')
    elif card.note is not None:
        parts.append(f'<div class="oc-change"><span class="oc-delta oc-off" data-direction="none">'
                     f'{_escape(card.note)}</span></div>')
    parts.append("</div>")
    return "".join(parts)


def cards_html(cards: list[Card], per_row: int = 4, help_label: str = "?") -> str:
    """The cards in rows of per_row (two per row on a phone, by the page's CSS), as one list;
    help_label names the definition's "?" for a screen reader (the page's word for "definition")."""
    per_row = max(1, min(per_row, len(cards) or 1))
    body = "".join(card_html(card, index, help_label) for index, card in enumerate(cards))
    return f'<div class="oc-cards" role="list" style="--oc-per-row: {per_row}">{body}</div>'


# The cards' style, part of the page's CSS (outreach/ui/shell.py): bordered boxes like st.metric's,
# two per row on a phone, the definition shown beside the "?" while it is hovered or focused (a tap).
CSS = """
  .oc-cards { display: grid; grid-template-columns: repeat(var(--oc-per-row, 4), minmax(0, 1fr)); gap: 1rem;
              margin-bottom: 1rem; font-family: "Source Sans", "Source Sans Pro", sans-serif; }
  .oc-card { border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; padding: 1rem 1rem 0.75rem;
             min-width: 0; color: rgb(49, 51, 63); }
  .oc-label { display: flex; align-items: flex-start; gap: 0.35rem; font-size: 0.875rem; line-height: 1.35;
              position: relative; }
  .oc-label-text { overflow-wrap: anywhere; }
  .oc-help { flex: none; display: inline-flex; align-items: center; justify-content: center; width: 1.05rem;
             height: 1.05rem; border: 1px solid rgba(49, 51, 63, 0.45); border-radius: 50%; font-size: 0.7rem;
             line-height: 1; color: rgba(49, 51, 63, 0.7); cursor: help; margin-top: 0.1rem; }
  .oc-help:focus { outline: 2px solid rgba(255, 75, 75, 0.6); outline-offset: 1px; }
  .oc-tip { display: none; position: absolute; z-index: 20; top: 1.6rem; left: 0; right: 0; max-width: 22rem;
            background: #fff; color: rgb(49, 51, 63); border: 1px solid rgba(49, 51, 63, 0.2);
            border-radius: 0.5rem; padding: 0.5rem 0.75rem; font-size: 0.85rem; line-height: 1.45;
            box-shadow: 0 4px 16px rgba(0, 0, 0, 0.12); }
  .oc-tip p { margin: 0 0 0.4rem; } .oc-tip p:last-child { margin-bottom: 0; }
  .oc-help:hover + .oc-tip, .oc-help:focus + .oc-tip { display: block; }
  .oc-value { font-size: 2.25rem; line-height: 1.25; padding: 0.15rem 0; overflow-wrap: anywhere; }
  .oc-change { display: flex; flex-wrap: wrap; align-items: center; gap: 0.2rem 0.5rem; font-size: 0.875rem; }
  .oc-delta { display: inline-flex; align-items: center; gap: 0.15rem; border-radius: 0.5rem;
              padding: 0.05rem 0.45rem; white-space: nowrap; }
  .oc-good { color: rgb(21, 130, 55); background: rgba(33, 195, 84, 0.1); }
  .oc-bad { color: rgb(189, 65, 65); background: rgba(255, 43, 43, 0.09); }
  .oc-off { color: rgba(49, 51, 63, 0.7); background: rgba(49, 51, 63, 0.06); white-space: normal; }
  .oc-words { color: rgba(49, 51, 63, 0.6); }
  @media (max-width: 640px) {
    .oc-cards { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0.5rem; }
    .oc-card { padding: 0.75rem 0.75rem 0.6rem; }
    .oc-value { font-size: 1.6rem; }
    .oc-tip { position: fixed; top: auto; bottom: 1rem; left: 1rem; right: 1rem; max-width: none; }
  }
"""
