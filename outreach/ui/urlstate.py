"""Widget values kept in the page address, so a copied link reopens the same view, also after
moving between pages."""

from __future__ import annotations

import streamlit as st


# URL parameter names of the shared filters and of each page's selections; st.page_link carries
# them all, so a page opened from another keeps the view (each page reads only its own keys).
URL_KEYS = ("lang", "from", "to", "commune", "agency",
            # coverage: map metric, selected commune, blind-spot days, tab
            "metric", "sel", "gap", "ctab",
            # feedback: breakdown dimension, tab
            "dim", "ftab",
            # officials: search, agencies, flag, sort, page size, page, evidence official, heatmap agency,
            # selected official, tab
            "q", "ag", "flag", "heads", "sort", "size", "page", "evidence", "qagency", "official", "otab",
            # agencies: agencies compared in the trend, section
            "trend", "atab",
            # data: tab, extract, columns
            "dtab", "extract", "cols")


EMPTY_LIST = "~"  # URL value of a deliberately empty multiselect


def _query_param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if value not in (None, "") else None


def _remember(key: str, url_name: str) -> None:
    """on_change: copy a widget's value into the URL so a copied link reopens the view."""
    value = st.session_state.get(key)
    if value in (None, "", "__all__"):
        if url_name in st.query_params:
            del st.query_params[url_name]
    else:
        st.query_params[url_name] = str(value)


def sync_from_url(key: str, url_name: str, options: list, default) -> None:
    """Before a widget is drawn: take its value from the URL (the shared state across pages)."""
    wanted = _query_param(url_name)
    # Options may be numbers (a page size): the URL holds their text.
    st.session_state[key] = next((option for option in options if str(option) == wanted), default)


def url_choice(key: str, url_name: str, options: list, default) -> None:
    """Call before drawing a widget whose value lives in the URL (pass on_change=ui.remember,
    args=(key, url_name) to the widget)."""
    sync_from_url(key, url_name, options, default)


def remember(key: str, url_name: str) -> None:
    _remember(key, url_name)


def set_url_value(key: str, url_name: str, value: str | None) -> None:
    """Set a URL-backed selection from code (e.g. a map click) before its widget is drawn."""
    st.session_state[key] = value
    _remember(key, url_name)


def url_params() -> dict[str, str]:
    return {key: st.query_params[key] for key in URL_KEYS if _query_param(key)}


def url_text(key: str, url_name: str, default: str = "") -> None:
    """A free-text widget (e.g. a search box) whose value lives in the URL."""
    st.session_state[key] = _query_param(url_name) or default


def url_int(key: str, url_name: str, default: int, low: int = 1, high: int | None = None) -> int:
    """A number widget whose value lives in the URL, clamped to low..high."""
    try:
        value = int(_query_param(url_name) or default)
    except ValueError:
        value = default
    value = max(low, value if high is None else min(value, high))
    st.session_state[key] = value
    return value


def url_multi(key: str, url_name: str, options: list[str], default: list[str]) -> None:
    """A multiselect whose values live in the URL (comma-separated; "~" = deliberately none)."""
    wanted = _query_param(url_name)
    if wanted is None:
        st.session_state[key] = [value for value in default if value in options]
    elif wanted == EMPTY_LIST:
        st.session_state[key] = []
    else:
        st.session_state[key] = [value for value in wanted.split(",") if value in options]


def remember_multi(key: str, url_name: str) -> None:
    values = st.session_state.get(key) or []
    st.query_params[url_name] = ",".join(values) if values else EMPTY_LIST


def url_tabs(key: str, url_name: str, tabs: list[tuple[str, str]]) -> list:
    """st.tabs whose open tab lives in the URL: tabs = [(code, label), ...]."""
    codes = [code for code, _ in tabs]
    labels = {code: label for code, label in tabs}
    wanted = _query_param(url_name)
    default = labels[wanted] if wanted in labels else None

    def changed() -> None:
        label = st.session_state.get(key)
        code = next((c for c, text in labels.items() if text == label), None)
        if code in (None, codes[0]):
            st.query_params.pop(url_name, None)
        else:
            st.query_params[url_name] = code

    return st.tabs([label for _, label in tabs], key=key, default=default, on_change=changed)


def open_tab(key: str, url_name: str, label: str) -> None:
    """Open a url_tabs tab from code (before the tabs are drawn), e.g. the detail after a map click;
    the first tab is the URL's default, so its code is not written."""
    st.session_state[key] = label
    st.query_params.pop(url_name, None)
