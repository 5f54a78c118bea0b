"""Cán bộ (officials): participation, quota by month, flags with their evidence, one official's record."""

import streamlit as st

from outreach.i18n import fmt_int

from outreach.views import agencies, beyond, charts, columns, coverage, flags, officials
from outreach.ui import results, shell, tables, urlstate

ctx = shell.setup_page("nav_officials")
thresholds = flags.Thresholds.from_settings(ctx.settings.query_settings())
participation = results.run(ctx, "official_participation")
profile = results.run(ctx, "official_profile")
table = officials.official_table(participation, profile, ctx.lang)


def flagged_table():
    """The flagged officials with each flag's evidence count and summary: read only by the sections
    that show flags (the list's flags column and the cards come from official_participation)."""
    return flags.flagged_officials(results.run(ctx, "official_flags"), participation, profile, thresholds, ctx.lang)


def first_page(key: str | None = None, url_name: str | None = None, multi: bool = False) -> None:
    """A list filter changed: remember it in the URL and go back to page 1."""
    if key:
        (urlstate.remember_multi if multi else urlstate.remember)(key, url_name)
    urlstate.set_url_value("official_page", "page", None)
    st.session_state["official_page"] = 1


def show_flags(official_id: str, key: str, flagged) -> None:
    """Each flag of one official: label, facts, rule in words and the evidence."""
    # The evidence is read only where a flag is shown (the flags and detail sections), not on opening.
    evidence = results.run(ctx, "official_flag_evidence")
    for block in flags.flag_blocks(official_id, flagged, evidence, ctx.lang):
        with st.container(border=True):
            st.markdown(f"**{block.label}** — {block.headline}")
            st.caption(f"{ctx.t('people_rule_prefix')}: {block.rule}")
            st.markdown(block.evidence_title)
            st.dataframe(block.evidence, hide_index=True, width="stretch", key=f"{key}_{block.code}", placeholder="—",
                         column_config=columns.table_config(st.column_config, block.evidence.columns, ctx.lang, page="people"))


st.subheader(ctx.t("people_flags_summary"))
cards = flags.flag_cards(participation, thresholds, ctx.lang)
shell.card_rows(cards[:2])  # who is in scope and how many are flagged, then one card per flag
shell.card_rows(cards[2:])

# The list's filters live in the URL; the list (and the detail's choice of official) follows them
# whichever section is open.
agency_ids, agency_label = agencies.agency_options(profile.drop_duplicates("agency_id"))
months = officials.quota_month_list(ctx.period.start, ctx.period.ref_date)
urlstate.url_text("official_search", "q")
urlstate.url_multi("official_agencies", "ag", sorted(agency_ids), [])
urlstate.url_choice("official_flag", "flag", list(flags.FLAG_FILTERS), flags.FLAG_FILTERS[0])
urlstate.url_choice("official_sort", "sort", list(officials.SORTS), list(officials.SORTS)[0])
urlstate.url_choice("official_page_size", "size", list(officials.PAGE_SIZES), officials.PAGE_SIZES[1])
urlstate.url_choice("official_heads", "heads", [False, True], False)
heads_filter = bool(st.session_state["official_heads"])
filtered = officials.filter_officials(table, search=st.session_state["official_search"],
                                      agency_ids=st.session_state["official_agencies"],
                                      flag=st.session_state["official_flag"], heads=heads_filter)
ordered = officials.sort_officials(filtered, st.session_state["official_sort"])

tab_list, tab_flags, tab_quota, tab_beyond, tab_detail = urlstate.url_tabs("officials_tab", "otab", [
    ("list", ctx.t("people_tab_list")), ("flags", ctx.t("people_tab_flags")), ("quota", ctx.t("people_tab_quota")),
    ("beyond", ctx.t("people_tab_beyond")), ("detail", ctx.t("people_tab_detail"))])

with tab_list:
    if tab_list.open:  # only the section looked at is computed and drawn
        # The search in sight; the other filters and the order folded behind one button (a phone
        # shows the table at once).
        search_column, more_column = st.columns([3, 1.3], vertical_alignment="bottom")
        search_column.text_input(ctx.t("people_search"), key="official_search", on_change=first_page,
                                 args=("official_search", "q"), placeholder=ctx.t("people_search_placeholder"),
                                 help=ctx.t("people_search_help"))
        active = officials.active_filters(st.session_state["official_agencies"], st.session_state["official_flag"],
                                          st.session_state["official_sort"]) + int(heads_filter)
        with more_column.popover(ctx.t("people_more_filters", count=active) if active else ctx.t("people_more_filters_none"),
                                 icon=":material/tune:", width="stretch"):
            st.multiselect(ctx.t("people_filter_agency"), sorted(agency_ids), key="official_agencies",
                           format_func=agency_label, on_change=first_page, args=("official_agencies", "ag", True),
                           placeholder=ctx.t("people_filter_agency_placeholder"))
            st.selectbox(ctx.t("people_filter_flag"), flags.FLAG_FILTERS, key="official_flag",
                         format_func=flags.flag_filter_label(ctx.lang), on_change=first_page, args=("official_flag", "flag"))
            st.checkbox(ctx.t("people_filter_heads"), key="official_heads", on_change=first_page,
                        args=("official_heads", "heads"), help=ctx.t("people_filter_heads_help"))
            st.selectbox(ctx.t("people_sort"), list(officials.SORTS), key="official_sort",
                         format_func=lambda key: ctx.t(f"people_sort_{key}"), on_change=first_page,
                         args=("official_sort", "sort"))
            page_size = st.selectbox(ctx.t("people_page_size"), officials.PAGE_SIZES, key="official_page_size",
                                     on_change=first_page, args=("official_page_size", "size"))
        pages = officials.page_count(len(ordered), page_size)
        urlstate.url_int("official_page", "page", 1, 1, pages)
        page_number = int(st.session_state["official_page"])
        page = officials.paginate(ordered, page=page_number, page_size=page_size)
        if page.total == 0:
            st.info(ctx.t("people_no_match"))
        else:
            tables.table_title(ctx, officials.page_caption(page, ctx.lang),
                               ordered[[*officials.TABLE_COLUMNS, "flags"]], what=ctx.t("people_file_officials"),
                               key="officials_download", caption=True)
            shown_columns = beyond.HEAD_COLUMNS if heads_filter else officials.TABLE_COLUMNS
            st.dataframe(columns.for_display(page.rows[shown_columns]), hide_index=True, width="stretch",
                         key="officials_table", placeholder="—",
                         column_config=columns.table_config(st.column_config, shown_columns, ctx.lang, page="people"))
        if pages > 1:
            st.number_input(ctx.t("people_page_number"), min_value=1, max_value=pages, step=1, key="official_page",
                            on_change=urlstate.remember, args=("official_page", "page"), width=160)

with tab_flags:
    if tab_flags.open:  # only the section looked at is computed and drawn
        with st.expander(ctx.t("people_flag_rules_title"), icon=":material/rule:"):
            st.markdown(flags.rules_markdown(thresholds, ctx.lang))
            st.caption(ctx.t("people_flag_rules_note"))
        flagged = flagged_table()
        if flagged.empty:
            st.info(ctx.t("people_flags_none"))
        else:
            st.markdown(f"**{ctx.t('people_flagged_table')}**")
            flag_columns = ["full_name", "official_id", "agency_name", "flag_label", "headline"]
            st.dataframe(tables.first_rows(ctx, flagged[flag_columns]), hide_index=True, width="stretch", key="flagged_table",
                         placeholder="—",
                         column_config=columns.table_config(st.column_config, flag_columns, ctx.lang, page="people"))
            flagged_ids, flagged_total = flags.flagged_options(flagged, keep=st.query_params.get("evidence"))
            urlstate.url_choice("evidence_official", "evidence", flagged_ids, flagged_ids[0])
            chosen = st.selectbox(ctx.t("people_evidence_choose"), flagged_ids, key="evidence_official",
                                  format_func=flags.flagged_option_label(flagged, ctx.lang, ids=flagged_ids),
                                  on_change=urlstate.remember, args=("evidence_official", "evidence"))
            if capped := columns.options_caption(len(flagged_ids), flagged_total, ctx.lang):
                st.caption(capped)
            show_flags(chosen, key="evidence", flagged=flagged)
            st.markdown(f"**{ctx.t('people_downloads_flags')}**")
            tables.download_buttons(ctx, flagged, what=ctx.t("people_file_flags"), key="flags_download")
            st.markdown(f"**{ctx.t('people_downloads_evidence')}**")
            tables.download_buttons(ctx, results.run(ctx, "official_flag_evidence"), what="bang-chung-canh-bao",
                                    key="evidence_download")

with tab_quota:
    if tab_quota.open:  # only the section looked at is computed and drawn
        quota_agencies = sorted(table["agency_id"].dropna().unique())
        default_agency = officials.default_heatmap_agency(table, ctx.scope.agency)
        if not months or not quota_agencies:
            st.info(ctx.t("people_quota_no_months") if not months else ctx.t("people_no_match"))
        else:
            urlstate.url_choice("quota_agency", "qagency", quota_agencies, default_agency)
            quota_agency = st.selectbox(ctx.t("people_quota_agency"), quota_agencies, key="quota_agency", format_func=agency_label,
                                        on_change=urlstate.remember, args=("quota_agency", "qagency"))
            st.caption(ctx.t("people_quota_caption"))
            # Only the chosen agency's months: the heatmap shows its officials, never the country's.
            quota = results.run(ctx, "official_quota_months", agency=quota_agency)
            st.plotly_chart(officials.quota_heatmap(quota, officials.heatmap_officials(table, quota_agency), months, ctx.lang,
                                                    compact=shell.on_phone()),
                            width="stretch", config=charts.PLOT_CONFIG, key="quota_heatmap")
            tables.download_buttons(ctx, quota, what=f"dinh-muc-theo-thang-{quota_agency}", key="quota_download")

with tab_beyond:
    if tab_beyond.open:  # only the section looked at is computed and drawn
        # Two signs of form's sake, each a table with its title, download and intro.
        for query, title, what, key, shown_columns in (
                ("heard_elsewhere_by_official", "beyond_heard_by_official", "den-cap-tren-truoc-theo-can-bo",
                 "heard_by_official", beyond.HEARD_COLUMNS),
                ("multi_commune_presence", "beyond_many_places", "co-mat-nhieu-xa-mot-ngay", "many_places",
                 beyond.MANY_PLACES_COLUMNS)):
            signs = results.run(ctx, query)
            tables.table_title(ctx, ctx.t(title), signs, what=what, key=key + "_download")
            st.caption(ctx.t(title + "_intro"))
            if signs.empty:
                st.caption(ctx.t("beyond_none"))
            else:
                st.dataframe(tables.first_rows(ctx, signs[shown_columns]), hide_index=True, width="stretch", key=key,
                             placeholder="—",
                             column_config=columns.table_config(st.column_config, shown_columns, ctx.lang, page="people"))

with tab_detail:
    if tab_detail.open:  # only the section looked at is computed and drawn
        options, options_total = officials.official_options(ordered, keep=st.query_params.get("official"))
        if not options:
            st.info(ctx.t("people_no_match"))
        else:
            urlstate.url_choice("official_detail", "official", options, options[0])
            official_id = st.selectbox(ctx.t("people_detail_choose"), options, key="official_detail",
                                       format_func=officials.official_option_label(ordered, ctx.lang, ids=options),
                                       help=ctx.t("people_detail_hint"), on_change=urlstate.remember,
                                       args=("official_detail", "official"))
            if capped := columns.options_caption(len(options), options_total, ctx.lang):
                st.caption(capped)
            official = table.set_index("official_id").loc[official_id].copy()
            official["official_id"] = official_id
            heading, communes = officials.detail_heading(official, ctx.lang)
            st.markdown(f"#### {heading}")
            st.caption(communes)
            detail = officials.detail_cards(official, ctx.lang)
            shell.card_rows(detail, per_row=len(detail))

            st.markdown(f"**{ctx.t('people_detail_flags')}**")
            if official["flag_count"] == 0:
                st.caption(ctx.t("people_detail_no_flags"))
            show_flags(official_id, key="detail_evidence", flagged=flagged_table())

            st.markdown(f"**{ctx.t('people_detail_quota')}**")
            quota = results.run(ctx, "official_quota_months", official_id=official_id)
            if months:
                st.plotly_chart(officials.official_quota_figure(quota, official_id, months, ctx.lang), width="stretch",
                                config=charts.PLOT_CONFIG, key="detail_quota_chart")
                quota_table = officials.official_quota(quota, official_id, months, ctx.lang)
                st.dataframe(quota_table, hide_index=True, width="stretch", key="detail_quota_table", placeholder="—",
                             column_config=columns.table_config(st.column_config, quota_table.columns, ctx.lang, page="people"))
                tables.download_buttons(ctx, quota_table, what=f"dinh-muc-{official_id}", key="detail_quota_download")
            else:
                st.caption(ctx.t("people_quota_no_months"))

            st.markdown(f"**{ctx.t('beyond_heard_by_official')}** ({fmt_int(official['heard_elsewhere_first'], ctx.lang)})")
            heard_items = results.run(ctx, "heard_elsewhere_for_official", official_id=official_id)
            if heard_items.empty:
                st.caption(ctx.t("beyond_none"))
            else:
                heard_items = coverage.localise_table(heard_items, ctx.lang)
                tables.show_table(ctx, heard_items, labels=coverage.column_labels(heard_items.columns, ctx.lang),
                                  key="detail_heard", height=220)

            st.markdown(f"**{ctx.t('people_detail_visits')}**")
            visits = officials.official_visits(results.run(ctx, "official_detail_visits", official_id=official_id),
                                            official_id, ctx.lang)
            if visits.empty:
                st.caption(ctx.t("people_detail_no_visits"))
            else:
                st.dataframe(visits, hide_index=True, width="stretch", key="detail_visits", placeholder="—",
                             column_config=columns.table_config(st.column_config, visits.columns, ctx.lang, page="people"))
                tables.download_buttons(ctx, visits, what=f"buoi-xuong-co-so-{official_id}", key="detail_visits_download")

            st.markdown(f"**{ctx.t('people_detail_feedback')}**")
            recorded = officials.official_feedback(results.run(ctx, "official_feedback_months", official_id=official_id),
                                               official_id, ctx.lang)
            if recorded.empty:
                st.caption(ctx.t("people_detail_no_feedback"))
            else:
                st.dataframe(recorded, hide_index=True, width="stretch", key="detail_feedback", placeholder="—",
                             column_config=columns.table_config(st.column_config, recorded.columns, ctx.lang, page="people"))
                tables.download_buttons(ctx, recorded, what=f"y-kien-ghi-nhan-{official_id}", key="detail_feedback_download")

shell.definitions(ctx, [
    (ctx.t("people_kpi_officials"), "people_participation", "official_participation"),
    (ctx.t("people_col_attendance_rate"), "people_attendance_rate", "official_participation"),
    (ctx.t("people_col_quota_rate"), "people_quota", "official_quota_months"),
    (ctx.t("people_kpi_flagged"), "people_flags", "official_flags"),
    (ctx.t("people_tab_flags"), "people_flag_evidence", "official_flag_evidence"),
    (ctx.t("people_tab_quota"), "people_heatmap", "official_quota_months"),
    (ctx.t("people_tab_detail"), "people_detail", "official_detail_visits"),
    (ctx.t("people_detail_feedback"), "people_participation", "official_feedback_months"),
    (ctx.t("people_col_assigned_communes"), "people_profile", "official_profile"),
    (ctx.t("people_col_requirement"), "beyond_quota_type", "official_quota_months"),
    (ctx.t("people_filter_heads"), "beyond_heads", "official_participation"),
    (ctx.t("people_flag_last_minute_quota"), "beyond_last_minute", "official_flags"),
    (ctx.t("beyond_heard_by_official"), "beyond_heard", "heard_elsewhere_by_official"),
    (f"{ctx.t('people_tab_detail')}: {ctx.t('beyond_heard_by_official')}", "beyond_heard", "heard_elsewhere_for_official"),
    (ctx.t("beyond_many_places"), "beyond_many", "multi_commune_presence"),
])
