"""The figure cards as one block of HTML (outreach/views/cards.py): what st.metric showed, escaped."""

from __future__ import annotations

import pytest

from outreach.views.cards import cards_html, change_direction, change_tone
from outreach.views.columns import Card
from support import _CardParser


def _read(html: str) -> list[dict]:
    reader = _CardParser()
    reader.parser.feed(html)
    return reader.found


@pytest.mark.parametrize(("delta", "color", "arrow", "direction", "tone"), [
    ("+12", "normal", "auto", "up", "good"),
    ("-3", "normal", "auto", "down", "bad"),
    ("+2 ngày", "inverse", "auto", "up", "bad"),       # more days to reply is worse
    ("-1,5 điểm %", "inverse", "auto", "down", "good"),
    ("0", "off", "off", None, "off"),
    ("Kỳ trước: chưa có số liệu", "off", "off", None, "off"),
])
def test_a_change_has_the_arrow_and_colour_of_st_metric(delta, color, arrow, direction, tone):
    card = Card(label="x", value="1", delta=delta, delta_color=color, delta_arrow=arrow)
    assert change_direction(card) == direction and change_tone(card) == tone
    [read] = _read(cards_html([card]))
    assert read["delta"] == delta and read["tone"] == tone and read["direction"] == (direction or "none")


def test_texts_from_the_data_are_never_markup():
    hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    html = cards_html([Card(label=hostile, value=hostile, help=hostile + "\n\n" + hostile, delta=hostile,
                            delta_description=hostile, key='"><b>')])
    assert "<img" not in html and "<script" not in html and '"><b>' not in html
    [read] = _read(html)
    assert read["label"] == hostile and read["value"] == hostile and read["delta"] == hostile
    assert read["description"] == hostile and read["help"] == hostile + hostile


def test_cards_in_rows_with_a_note_or_a_change_and_their_definition():
    cards = [Card(label=f"Thẻ {i}", value=f"{i}.000", key=f"k{i}", help=f"Định nghĩa {i}",
                  note="ghi chú" if i % 2 else None, delta=None if i % 2 else "+1", delta_color="normal",
                  delta_arrow="auto", delta_description=None if i % 2 else "so với kỳ trước") for i in range(5)]
    html = cards_html(cards, per_row=4, help_label="Định nghĩa")
    assert "--oc-per-row: 4" in html and html.count('role="listitem"') == 5
    assert 'aria-label="Định nghĩa: Thẻ 0"' in html and html.count('role="tooltip"') == 5
    read = _read(html)
    assert [card["label"] for card in read] == [f"Thẻ {i}" for i in range(5)]
    assert [card["value"] for card in read] == [f"{i}.000" for i in range(5)]
    assert read[1]["delta"] == "ghi chú" and read[1]["tone"] == "off" and read[1]["description"] is None
    assert read[0]["delta"] == "+1" and read[0]["description"] == "so với kỳ trước"
    # Fewer cards than a row: as many columns as cards.
    assert "--oc-per-row: 2" in cards_html(cards[:2])
    # A card with neither a note nor a change has no change line.
    assert "oc-change" not in cards_html([Card(label="a", value="1")])
