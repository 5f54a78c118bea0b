"""Bao phủ (coverage): where have we been, where not, and where agencies overlap."""

import streamlit as st

from outreach.views import charts, coverage, report_map
from outreach.ui import results, shell, svg_view, tables, urlstate
from outreach.i18n import fmt_date, fmt_int, md

ctx = shell.setup_page("nav_coverage")

# The blind-spot threshold (N days), kept in the URL, among the sidebar's filters (the cards name it).
default_gap = str(ctx.settings.get("coverage", "blind_spot_days"))
gap_options = sorted({"30", "45", "60", "90", "120", "180", default_gap}, key=int)
urlstate.url_choice("blind_spot_days", "gap", gap_options, default_gap)
if ctx.filter_box is not None:
    with ctx.filter_box:
        st.selectbox(ctx.t("cov_blind_days"), gap_options, key="blind_spot_days",
                     on_change=urlstate.remember, args=("blind_spot_days", "gap"))
gap = int(st.session_state["blind_spot_days"])

figures = results.run(ctx, "commune_map")
blind = results.run(ctx, "blind_spots", blind_spot_days=gap)
overlaps = results.run(ctx, "visit_overlaps")
shell.card_rows(coverage.kpi_cards(figures, blind, overlaps, blind_spot_days=gap, lang=ctx.lang))

metric_options = list(coverage.MAP_METRICS)
urlstate.url_choice("map_metric", "metric", metric_options, "visits_held")
st.segmented_control(ctx.t("cov_metric"), metric_options, key="map_metric", on_change=urlstate.remember,
                     args=("map_metric", "metric"), required=True,
                     format_func=lambda key: ctx.t(coverage.MAP_METRICS[key].label_key))

commune_options = ["", *figures["commune_code"]]
urlstate.url_choice("coverage_commune", "sel", commune_options, "")


def map_clicked() -> None:
    """A commune clicked on the map: chosen, and its details opened (before the page is drawn)."""
    code = getattr(st.session_state.get("coverage_map"), "clicked", None)
    if code in commune_options and code:
        urlstate.set_url_value("coverage_commune", "sel", code)
        urlstate.open_tab("coverage_tab", "ctab", ctx.t("cov_tab_detail"))


assets = results.map_assets(ctx)
if assets is None:
    st.warning(ctx.t("cov_no_shapes"), icon=":material/map:")
else:
    drawing, legend = report_map.coverage_map(figures, assets, metric=st.session_state["map_metric"], lang=ctx.lang,
                                            selected=st.session_state["coverage_commune"] or None,
                                            blind_spot_days=gap)
    svg_view.commune_map(drawing, legend, lang=ctx.lang, key="coverage_map", on_click=map_clicked)
    st.caption(ctx.t("cov_map_hint"))
tables.download_buttons(ctx, figures, what="ban-do-bao-phu", key="map_download")

names = dict(zip(figures["commune_code"], figures["commune_name"]))
detail, blind_tab, overlap_tab, heard_tab, empty_tab, table_tab, boundary_tab = urlstate.url_tabs("coverage_tab", "ctab", [
    ("detail", ctx.t("cov_tab_detail")), ("blind", ctx.t("cov_tab_blind")), ("overlaps", ctx.t("cov_tab_overlaps")),
    ("heard", ctx.t("cov_tab_heard")), ("empty", ctx.t("cov_tab_empty")),
    ("table", ctx.t("cov_tab_table")), ("boundaries", ctx.t("cov_tab_boundaries")),
])

with detail:
    if detail.open:  # only the section looked at is computed and drawn
        st.selectbox(ctx.t("cov_choose_commune"), commune_options, key="coverage_commune",
                     format_func=lambda code: ctx.t("cov_none_selected") if not code else f"{names[code]} ({code})",
                     on_change=urlstate.remember, args=("coverage_commune", "sel"))
        selected = st.session_state["coverage_commune"]
        if selected:
            visits = results.run(ctx, "commune_visits", selected_commune=selected)
            hamlets = results.run(ctx, "commune_hamlets", selected_commune=selected)
            officials = results.run(ctx, "commune_officials", selected_commune=selected)
            feedback = results.run(ctx, "commune_feedback", selected_commune=selected)
            st.markdown(f"#### {md(names[selected])}")
            never = coverage.hamlets_never_visited(hamlets)
            if never:
                st.warning(ctx.t("cov_detail_hamlets_never", count=len(never), names=", ".join(md(name) for name in never)))
            elif len(hamlets):
                st.success(ctx.t("cov_detail_hamlets_all"))
            for title, frame, key in ((ctx.t("cov_detail_visits"), visits, "detail_visits"),
                                      (ctx.t("cov_detail_officials"), officials, "detail_officials"),
                                      (ctx.t("cov_detail_hamlets"), hamlets, "detail_hamlets"),
                                      (ctx.t("cov_detail_feedback"), feedback, "detail_feedback")):
                st.markdown(f"**{title}** ({fmt_int(len(frame), ctx.lang)})")
                if frame.empty:
                    st.caption(ctx.t("cov_detail_empty"))
                else:
                    shown = coverage.localise_table(frame, ctx.lang)
                    tables.show_table(ctx, shown, key=key, height=260)
                    tables.download_buttons(ctx, frame, what=f"{key}-{selected}", key=f"{key}_download",
                                        citizen_rows=key == "detail_feedback")

with blind_tab:
    if blind_tab.open:  # only the section looked at is computed and drawn
        st.markdown(ctx.t("cov_blind_intro", days=gap, date=fmt_date(ctx.period.ref_date)))
        if blind.empty:
            st.success(ctx.t("cov_blind_none"))
        else:
            tables.show_table(ctx, blind, key="blind_table")
            tables.download_buttons(ctx, blind, what="diem-trang", key="blind_download")
        st.markdown(f"**{ctx.t('cov_share_title')}**")
        by_month = results.run(ctx, "coverage_by_month")
        st.plotly_chart(coverage.covered_share_chart(by_month, ctx.lang), width="stretch",
                        config=charts.PLOT_CONFIG, key="covered_share_chart")
        tables.download_buttons(ctx, by_month, what="ty-le-xa-duoc-den-theo-thang", key="covered_share_download")

with overlap_tab:
    if overlap_tab.open:  # only the section looked at is computed and drawn
        st.markdown(ctx.t("cov_overlap_intro", days=ctx.settings.get("coverage", "overlap_max_days")))
        if overlaps.empty:
            st.success(ctx.t("cov_overlap_none"))
        else:
            groups = results.run(ctx, "overlap_groups")
            shown = tables.first_rows(ctx, groups.drop(columns=["agency_a", "agency_b"]))
            tables.show_table(ctx, shown, key="overlap_groups_table")
            tables.download_buttons(ctx, groups, what="nhom-chong-cheo", key="overlap_groups_download")
            st.markdown(f"**{ctx.t('cov_overlap_pairs')}**")
            pairs = results.run(ctx, "overlap_pairs_detail")
            tables.show_table(ctx, tables.first_rows(ctx, pairs), key="overlap_pairs_table")
            tables.download_buttons(ctx, pairs, what="cap-chong-cheo", key="overlap_pairs_download")
            tables.download_buttons(ctx, overlaps, what="chong-cheo", key="overlap_download")

with heard_tab:
    if heard_tab.open:  # only the section looked at is computed and drawn
        st.markdown(ctx.t("cov_heard_intro"))
        heard = results.run(ctx, "heard_elsewhere_by_commune")
        tables.show_table(ctx, tables.first_rows(ctx, heard), key="heard_table")
        tables.download_buttons(ctx, heard, what="den-cap-tren-truoc-theo-xa", key="heard_download")
        st.markdown(f"**{ctx.t('cov_heard_items')}**")
        heard_items = results.run(ctx, "heard_elsewhere_first")
        if heard_items.empty:
            st.success(ctx.t("beyond_none"))
        else:
            shown = coverage.localise_table(heard_items, ctx.lang)
            tables.show_table(ctx, tables.first_rows(ctx, shown), key="heard_items_table")
            tables.download_buttons(ctx, heard_items, what="den-cap-tren-truoc", key="heard_items_download")

with empty_tab:
    if empty_tab.open:  # only the section looked at is computed and drawn
        st.markdown(ctx.t("cov_empty_intro"))
        for title, name, key in ((ctx.t("cov_empty_by_agency"), "empty_visits_by_agency", "empty_by_agency"),
                                 (ctx.t("cov_empty_by_commune"), "empty_visits_by_commune", "empty_by_commune"),
                                 (ctx.t("cov_empty_list"), "empty_visits", "empty_list")):
            st.markdown(f"**{title}**")
            frame = results.run(ctx, name)
            if frame.empty:
                st.success(ctx.t("beyond_none"))
                continue
            shown = coverage.localise_table(frame, ctx.lang)
            tables.show_table(ctx, tables.first_rows(ctx, shown), key=key)
            tables.download_buttons(ctx, frame, what=key.replace("_", "-"), key=f"{key}_download")

with table_tab:
    if table_tab.open:  # only the section looked at is computed and drawn
        extract = results.run(ctx, "commune_coverage")
        tables.show_table(ctx, extract, key="coverage_table")
        tables.download_buttons(ctx, extract, what="bao-phu", key="coverage_download")

with boundary_tab:
    if boundary_tab.open:  # only the section looked at is computed and drawn
        summary = results.run(ctx, "boundary_summary")
        if summary.empty:
            st.info(ctx.t("cov_no_shapes"))
        else:
            first = summary.iloc[0]
            st.markdown(ctx.t("cov_boundary_summary", file=md(first["source_file"]), features=fmt_int(summary["polygons"].sum(), ctx.lang),
                              code=md(first["code_column"]), name=md(first["name_column"]),
                              size=f"{first['payload_bytes'] / 1e6:.2f}".replace(".", ","),
                              vertices=fmt_int(first["vertices"], ctx.lang)))
            st.markdown(f"**{ctx.t('cov_boundary_methods')}**")
            methods = coverage.localise_table(summary[["match_method", "polygons"]], ctx.lang)
            tables.show_table(ctx, methods, key="boundary_methods")
            tables.download_buttons(ctx, methods, what="ranh-gioi-cach-ghep", key="boundary_methods_download")
        problems = results.run(ctx, "boundary_report")
        st.markdown(f"**{ctx.t('cov_boundary_problems')}** ({fmt_int(len(problems), ctx.lang)})")
        if problems.empty:
            st.success(ctx.t("cov_boundary_ok"))
        else:
            shown = coverage.localise_table(problems, ctx.lang)
            tables.show_table(ctx, shown, key="boundary_problems")
            tables.download_buttons(ctx, problems, what="ranh-gioi-khong-khop", key="boundary_download")

shell.definitions(ctx, [
    (ctx.t("cov_metric_visits_held"), "cov_visits_held", "commune_map"),
    (ctx.t("cov_metric_visits_per_1000"), "cov_visits_per_1000", "commune_map"),
    (ctx.t("cov_metric_days_since_last_visit"), "cov_days_since", "commune_map"),
    (ctx.t("cov_metric_hamlets_visited_share"), "cov_hamlets", "commune_map"),
    (ctx.t("cov_metric_officials_present_share"), "cov_officials", "commune_map"),
    (ctx.t("cov_tab_blind"), "cov_blind", "blind_spots"),
    (ctx.t("cov_share_title"), "cov_share_month", "coverage_by_month"),
    (ctx.t("cov_tab_overlaps"), "cov_overlap", "visit_overlaps"),
    (ctx.t("cov_metric_heard_elsewhere_first"), "beyond_heard", "heard_elsewhere_by_commune"),
    (ctx.t("cov_tab_empty"), "beyond_empty", "empty_visits_by_commune"),
])
