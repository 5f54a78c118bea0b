"""The translation table and vi-VN formatting."""

from __future__ import annotations

import datetime as dt
import re
import string

import pandas as pd
import pytest

from outreach import i18n


def test_every_text_has_vietnamese_and_english_with_the_same_placeholders():
    for key, entry in i18n.TEXT.items():
        assert entry.get("vi") and entry.get("en"), key
        fields = lambda text: {name for _, name, _, _ in string.Formatter().parse(text) if name}
        assert fields(entry["vi"]) == fields(entry["en"]), key
    for key, entry in i18n.DEFINITIONS.items():
        assert entry.get("vi") and entry.get("en"), key


def test_vietnamese_texts_are_nfc():
    import unicodedata
    for key, entry in i18n.TEXT.items():
        assert unicodedata.is_normalized("NFC", entry["vi"]), key


def test_vi_vn_number_and_date_formats():
    assert i18n.fmt_number(1234.5) == "1.234,5"
    assert i18n.fmt_int(1234567) == "1.234.567"
    assert i18n.fmt_percent(0.875) == "87,5%"
    assert i18n.fmt_date(dt.date(2025, 12, 31)) == "31/12/2025"
    assert i18n.fmt_month(dt.date(2025, 12, 1)) == "12/2025"
    assert i18n.fmt_number(1234.5, "en") == "1,234.5"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_fast_integer_format_is_babels(lang):
    from babel.numbers import format_decimal

    for value in (0, 7, -7, 999, 1000, -1234, 65432, 1234567, -98765432, 10**12, 3.0, 12345.0):
        assert i18n.fmt_int(value, lang) == format_decimal(int(value), locale=i18n.LOCALES[lang]), value


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_fast_decimal_and_percent_formats_are_babels(lang):
    import random

    from babel.numbers import format_decimal, format_percent

    rng = random.Random(8)
    values = [0.05, 0.15, 0.25, 0.125, 2.675, -2.675, 0.9995, 0.99949, 123456.789, -123456.75, 1e12, 2 / 3, 1.0,
              0.0005, 0.00049999, -0.6]
    values += [rng.uniform(-1e6, 1e6) for _ in range(300)] + [round(rng.random(), 3) for _ in range(300)]
    locale = i18n.LOCALES[lang]
    for value in values:
        for digits in (0, 1, 2):
            pattern = "#,##0" + ("." + "0" * digits if digits else "")
            assert i18n.fmt_number(value, lang, digits=digits) == format_decimal(value, format=pattern, locale=locale)
            assert i18n.fmt_percent(value, lang, digits=digits) == format_percent(value, format=pattern + "%",
                                                                                 locale=locale)
    # The one deliberate difference: a value that rounds to zero never shows a minus sign.
    assert i18n.fmt_number(-0.01, lang) == "0" + (",0" if lang == "vi" else ".0")
    assert i18n.fmt_percent(-0.0001, lang) == "0" + (",0" if lang == "vi" else ".0") + "%"
    assert i18n.fmt_number(1234.5) == "1.234,5" and i18n.fmt_percent(0.9125) == "91,2%"


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, pd.NaT])
def test_undefined_values_show_as_a_dash_never_zero(missing):
    assert i18n.fmt_percent(missing) == "—"
    assert i18n.fmt_int(missing) == "—"
    assert i18n.fmt_date(missing) == "—"


def test_unknown_key_is_an_error():
    with pytest.raises(KeyError):
        i18n.t("no_such_key")


def test_every_extract_has_a_vietnamese_title():
    from outreach.query.extracts import extract_catalogue

    titles = extract_catalogue("vi")
    assert titles and all(titles[name] and not titles[name].startswith("One row") for name in titles)


def test_no_word_for_districts_in_vietnamese_texts():
    # Since 2025 there are no districts (huyện): the two-level government is province and commune.
    from outreach.i18n import DEFINITIONS, TEXT

    for table in (TEXT, DEFINITIONS):
        for key, entry in table.items():
            assert "huyện" not in entry["vi"].lower(), key
            assert "district" not in entry.get("en", "").lower(), key
