"""The page frame: page config, the shared sidebar (navigation, period, commune, agency, language),
the header with as_of and the period, the phone CSS and the definitions expander."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from outreach.config import PROJECT_ROOT
from outreach.i18n import definition, fmt_date, fmt_month, md, t
from outreach.query import auth, db
from outreach.query.periods import add_months, resolve_period
from outreach.ui import framework_words, warm
from outreach.ui.context import Context
from outreach.ui.results import built_by_this_version, ensure_database, run_plain, settings
from outreach.ui.signin import account_box, signed_in
from outreach.ui.urlstate import remember, sync_from_url, url_params
from outreach.views.cards import CSS as CARDS_CSS, cards_html


# (script path, label key, icon). dashboard.py is the overview.
PAGES = (
    ("dashboard.py", "nav_overview", ":material/dashboard:"),
    ("pages/1_bao_phu.py", "nav_coverage", ":material/map:"),
    ("pages/2_y_kien.py", "nav_feedback", ":material/forum:"),
    ("pages/3_can_bo.py", "nav_officials", ":material/badge:"),
    ("pages/4_don_vi.py", "nav_agencies", ":material/account_balance:"),
    ("pages/5_du_lieu.py", "nav_data", ":material/database:"),
)


# Each page's column headers (views/columns.PAGE_PREFIXES); the overview's few tables take any page's.
PAGE_COLUMNS = {"nav_coverage": "coverage", "nav_feedback": "feedback", "nav_officials": "people",
                "nav_agencies": "people", "data_title": "data"}


def setup_page(title_key: str, *, needs_data: bool = True) -> Context:
    """Page config, sidebar (navigation, language, period, filters) and the header of a page.
    A page of figures (needs_data) whose period ends before the data start says so and stops."""
    st.set_page_config(page_title=t(title_key) + " · " + t("app_title"), page_icon=str(PROJECT_ROOT / "static" / "favicon.png"),
                       layout="wide", initial_sidebar_state="auto")
    sync_from_url("lang", "lang", ["vi", "en"], "vi")
    lang = st.session_state["lang"]
    st.html(_CSS)  # style-only html adds no visible element
    access = auth.access_settings(settings())
    account = signed_in(access, lang)
    restriction = auth.restriction_for(account, access)
    database = ensure_database(after_build=warm.warm)
    # One version for the whole run: an import swapping the file meanwhile cannot mix old and
    # new numbers on one page (the old file stays readable through its open connection).
    version = db.database_version(database)
    warm.seen(database, version)  # a database imported meanwhile by the command line: warmed at once
    bounds = run_plain(database, "data_as_of", version, restriction).iloc[0]
    data_as_of, first_month = pd.Timestamp(bounds["as_of"]).date(), pd.Timestamp(bounds["first_month"]).date()
    communes = run_plain(database, "commune_list", version, restriction, commune=restriction.commune)
    agencies = run_plain(database, "agency_list", version, restriction)

    with st.sidebar:
        st.markdown(f"### {t('app_title', lang)}")
        if account is not None:
            account_box(account, lang)
        for script, label_key, icon in PAGES:
            st.page_link(script, label=t(label_key, lang), icon=icon, query_params=url_params())
        st.divider()
        default_period = resolve_period(data_as_of=data_as_of)
        months = _month_options(min(first_month, default_period.start_month), data_as_of)
        default_from = default_period.start_month.strftime("%Y-%m")
        default_to = default_period.end_month.strftime("%Y-%m")
        sync_from_url("period_from", "from", months, default_from)
        sync_from_url("period_to", "to", months, default_to)
        commune_labels = dict(zip(communes["commune_code"], communes["commune_name"]))
        if restriction.commune is not None:
            # A commune officer's selector is locked to their commune (the runner enforces it anyway).
            commune_options = [restriction.commune]
            commune_labels.setdefault(restriction.commune, restriction.commune)
            st.session_state["commune"] = restriction.commune
            if st.query_params.get("commune") != restriction.commune:
                st.query_params["commune"] = restriction.commune  # links carry the commune actually shown
        else:
            commune_options = ["__all__", *communes["commune_code"].tolist()]
            sync_from_url("commune", "commune", commune_options, "__all__")
        agency_options = ["__all__", *agencies["agency_id"].tolist()]
        agency_labels = dict(zip(agencies["agency_id"], agencies["agency_name"]))
        sync_from_url("agency", "agency", agency_options, "__all__")

        def commune_label(code: str) -> str:
            return t("all_communes", lang) if code == "__all__" else f"{commune_labels[code]} ({code})"

        def agency_label(code: str) -> str:
            return t("all_agencies", lang) if code == "__all__" else agency_labels[code]

        # The filters folded behind one control: closed, the box is one element and a line saying what is
        # chosen (the four drop-downs are the costliest elements of a page to draw: bench/NOTES.md, "Page
        # speed against a trivial page"); opened, the drop-downs. Their values live in the address either way.
        box = st.expander(t("filters", lang), icon=":material/filter_alt:", key="filters_box", on_change="rerun")
        if box.open:
            with box:
                col_from, col_to = st.columns(2)
                col_from.selectbox(t("period_from", lang), months, key="period_from", format_func=_month_label,
                                   on_change=remember, args=("period_from", "from"))
                col_to.selectbox(t("period_to", lang), months, key="period_to", format_func=_month_label,
                                 on_change=remember, args=("period_to", "to"))
                st.selectbox(t("commune", lang), commune_options, key="commune", format_func=commune_label,
                             on_change=remember, args=("commune", "commune"), disabled=restriction.commune is not None,
                             help=t("acc_commune_locked", lang) if restriction.commune is not None else None)
                st.selectbox(t("agency", lang), agency_options, key="agency", format_func=agency_label,
                             on_change=remember, args=("agency", "agency"))
        else:
            st.caption(t("filters_chosen", lang,
                         period=f"{_month_label(st.session_state['period_from'])} – {_month_label(st.session_state['period_to'])}",
                         commune=md(commune_label(st.session_state["commune"])),
                         agency=md(agency_label(st.session_state["agency"]))))
        st.divider()
        st.radio(t("language", lang), ["vi", "en"], key="lang", horizontal=True,
                 format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
                 on_change=remember, args=("lang", "lang"))
        st.caption(t("copy_link_hint", lang))
        framework_words.apply(lang)  # Streamlit's own words (menus, status, widgets) in the reader's language

    if not built_by_this_version(str(database), version):
        # Imported before an upgrade: its shared macros and tables are another version's. A clear
        # message and the way out, never a catalog error on a page of figures.
        st.error(t("outdated_database", lang), icon=":material/update:")
        if needs_data:
            st.stop()

    start, end = st.session_state["period_from"], st.session_state["period_to"]
    if start > end:
        st.error(t("period_error", lang))
        st.stop()
    period = resolve_period(data_as_of=data_as_of, start=start, end=end,
                            visits_from=db.visits_from_of(bounds, data_as_of, settings()))
    commune = None if st.session_state["commune"] == "__all__" else st.session_state["commune"]
    agency = None if st.session_state["agency"] == "__all__" else st.session_state["agency"]
    ctx = Context(
        lang=lang, settings=settings(), database=database, version=version,
        scope=db.Scope(period=period, commune=commune, agency=agency, restriction=restriction),
        data_as_of=data_as_of, first_month=first_month,
        commune_name=commune_labels.get(commune) if commune else None,
        agency_name=agency_labels.get(agency) if agency else None,
        page=PAGE_COLUMNS.get(title_key),
        filter_box=box if box.open else None,
    )
    st.title(t(title_key, lang))
    st.markdown(ctx.t("as_of_line", as_of=fmt_date(period.as_of), period=period.label(), months=period.months))
    active = [name for name in (ctx.commune_name, ctx.agency_name) if name]
    if active:
        st.caption(ctx.t("filter_line", filters=" · ".join(md(name) for name in active)))
    data_start_notice(ctx, needs_data=needs_data)
    return ctx


def data_start_notice(ctx: Context, *, needs_data: bool) -> None:
    """The data start in the header (docs/metrics.md, "Data start"): a period that begins before it
    is computed from it on; one that ends before it has no figures (a page of figures stops)."""
    period = ctx.period
    if period.visits_from is None:
        return
    since = f"{period.visits_from:%m/%Y}"
    if not period.has_data:
        st.warning(ctx.t("data_start_none", since=since, period=period.label()), icon=":material/event_busy:")
        if needs_data:
            st.stop()
    elif period.begins_before_data:
        st.caption(ctx.t("data_start_from", since=since))


# The cards' style (outreach/views/cards.py) and the phone's rules.
_CSS = """
<style>
""" + CARDS_CSS + """
@media (max-width: 640px) {
  h1 { font-size: 2rem !important; }
  /* A table's toolbar (search, full screen) appears above it on a tap: the tab strip stays on top,
     so a tap on a tab reaches the tab. */
  [data-testid="stTabs"] [role="tablist"] { position: relative; z-index: 10; background: var(--background-color, #fff); }
}
</style>
"""


# Words of a phone's browser in its User-Agent (Android phones say "Mobile", iPhones "iPhone").
_PHONE_AGENTS = ("Mobile", "iPhone", "Android")


def on_phone() -> bool:
    """Whether the reader's browser is a phone's (the map is fitted to its width, charts shorter).
    Streamlit does not tell the page the window's width; the browser's User-Agent does."""
    agent = st.context.headers.get("User-Agent") or ""
    return any(word in agent for word in _PHONE_AGENTS)


def chart_width() -> float:
    """The view-box width of the dashboard's own SVG charts (outreach/views/svg_charts.py): about the
    main column's width in pixels, so their text keeps its size (a phone's column is about 360 px)."""
    return 360.0 if on_phone() else 900.0


def _month_options(first_month: dt.date, as_of: dt.date) -> list[str]:
    months, month = [], first_month.replace(day=1)
    while month <= as_of:
        months.append(month.strftime("%Y-%m"))
        month = add_months(month, 1)
    return months


def _month_label(value: str) -> str:
    return fmt_month(dt.date.fromisoformat(value + "-01"))


def card_rows(cards: list, per_row: int = 4) -> None:
    """Figure cards (outreach.views.columns.Card) in rows of `per_row` (two per row on a phone), as
    one block of HTML (outreach/views/cards.py): the one way every page draws its cards."""
    if not cards:
        return
    st.html(cards_html(cards, per_row, help_label=t("card_help", st.session_state.get("lang", "vi"))))


def definitions(ctx: Context, items: list[tuple[str, str, str]]) -> None:
    """Expander with each figure's label, definition (i18n.DEFINITIONS key) and source query. Its
    contents are sent only while it is open (opening it reruns the page, from the cache)."""
    box = st.expander(ctx.t("definitions"), icon=":material/info:", key="definitions_box", on_change="rerun")
    if not box.open:
        return
    with box:
        for label, definition_key, query in items:
            st.markdown(f"**{label}** — {definition(definition_key, ctx.lang)}  \n"
                        f"<small>{ctx.t('source_query')}: `queries/{query}.sql`</small>", unsafe_allow_html=True)
        st.caption(ctx.t("definitions_more"))

