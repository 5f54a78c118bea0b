"""Ý kiến người dân (citizen feedback): do citizens get answers, how fast, and where items stick."""

import streamlit as st

from outreach.views import columns, feedback
from outreach.ui import results, shell, svg_view, tables, urlstate

ctx = shell.setup_page("nav_feedback")
settings = ctx.settings.query_settings()
summary = results.run(ctx, "feedback_summary").iloc[0]
has_items = summary["received"] > 0
st.caption(ctx.t("fb_intro"))

st.subheader(ctx.t("fb_flow_title"))
if has_items:
    shell.card_rows(feedback.flow_cards(summary, lang=ctx.lang))
    st.markdown(feedback.flow_sentence(summary, lang=ctx.lang))
    flow = results.run(ctx, "feedback_flow")
    st.html(feedback.flow_bars_html(flow, lang=ctx.lang))  # the flow's bars in plain HTML: no chart to load
    tables.download_buttons(ctx, flow, what="luong-xu-ly-y-kien", key="fb_flow_download")
else:
    st.info(ctx.t("fb_no_items"), icon=":material/inbox:")

time_tab, monthly_tab, league_tab, breakdown_tab, backlog_tab, held_tab = urlstate.url_tabs("feedback_tab", "ftab", [
    ("time", ctx.t("fb_tab_time")), ("monthly", ctx.t("fb_tab_monthly")), ("league", ctx.t("fb_tab_league")),
    ("breakdown", ctx.t("fb_tab_breakdown")), ("backlog", ctx.t("fb_tab_backlog")), ("held", ctx.t("fb_tab_held"))])

with time_tab:
    if time_tab.open:  # only the section looked at is computed and drawn
        st.subheader(ctx.t("fb_km_title"))
        if has_items:
            shell.card_rows(feedback.km_cards(summary, lang=ctx.lang), per_row=3)
            st.info(feedback.km_explanation(summary, lang=ctx.lang), icon=":material/lightbulb:")
            curve = results.run(ctx, "feedback_km_curve")
            svg_view.show(feedback.km_chart(curve, summary, lang=ctx.lang, width=shell.chart_width()), key="fb_km_chart")
            tables.download_buttons(ctx, curve, what="duong-cong-thoi-gian-tra-loi", key="fb_km_download")
        else:
            st.info(ctx.t("fb_no_items"), icon=":material/inbox:")

with monthly_tab:
    if monthly_tab.open:  # only the section looked at is computed and drawn
        if has_items:
            st.subheader(ctx.t("fb_monthly_title"))
            monthly = results.run(ctx, "feedback_monthly")
            st.plotly_chart(feedback.monthly_figure(monthly, lang=ctx.lang), width="stretch",
                            config=feedback.PLOT_CONFIG, key="fb_monthly_chart")
            st.caption(ctx.t("fb_monthly_note"))
            settling = feedback.settling_note(monthly, ctx.lang)
            if settling:
                st.caption(settling)
            tables.download_buttons(ctx, monthly, what=feedback.download_stem("monthly"), key="fb_monthly_download")
        else:
            st.info(ctx.t("fb_no_items"), icon=":material/inbox:")

with league_tab:
    if league_tab.open:  # only the section looked at is computed and drawn
        st.subheader(ctx.t("fb_league_title"))
        st.caption(ctx.t("fb_league_note"))
        by_agency = results.run(ctx, "feedback_by_agency")
        league = feedback.league_view(by_agency)
        st.dataframe(league, hide_index=True, width="stretch", placeholder="—", key="fb_league_table",
                     column_config=columns.table_config(st.column_config, league, ctx.lang, page="feedback"))
        tables.download_buttons(ctx, league, what=feedback.download_stem("league"), key="fb_league_download")

with breakdown_tab:
    if breakdown_tab.open:  # only the section looked at is computed and drawn
        urlstate.url_choice("fb_dimension", "dim", list(feedback.DIMENSIONS), feedback.DIMENSIONS[0])
        dimension = st.radio(ctx.t("fb_dimension"), feedback.DIMENSIONS, horizontal=True, key="fb_dimension",
                             format_func=lambda code: ctx.t("fb_dimension_" + code), on_change=urlstate.remember,
                             args=("fb_dimension", "dim"))
        if has_items:
            breakdown = feedback.dimension_table(results.run(ctx, "feedback_by_dimension"), dimension, lang=ctx.lang)
            st.markdown("**" + ctx.t("fb_breakdown_chart_title", count=feedback.weakest_shown(breakdown)) + "**")
            st.plotly_chart(feedback.dimension_figure(breakdown, lang=ctx.lang), width="stretch",
                            config=feedback.PLOT_CONFIG, key="fb_breakdown_chart")
            st.dataframe(breakdown, hide_index=True, width="stretch", placeholder="—", key="fb_breakdown_table",
                         column_config=columns.table_config(st.column_config, breakdown, ctx.lang, page="feedback"))
            tables.download_buttons(ctx, breakdown, what=feedback.download_stem("breakdown") + "-" + dimension,
                                key="fb_breakdown_download")
        else:
            st.info(ctx.t("fb_no_items"), icon=":material/inbox:")

with backlog_tab:
    if backlog_tab.open:  # only the section looked at is computed and drawn
        backlog = results.run(ctx, "feedback_backlog")
        if backlog.empty:
            st.success(ctx.t("fb_backlog_none"), icon=":material/task_alt:")
        else:
            age_column, agency_column = st.columns([2, 3])
            age_column.markdown("**" + ctx.t("fb_backlog_title") + "**")
            age_column.plotly_chart(feedback.backlog_age_figure(feedback.backlog_by_age(backlog), lang=ctx.lang),
                                    width="stretch", config=feedback.PLOT_CONFIG, key="fb_backlog_age_chart")
            agency_column.markdown("**" + ctx.t("fb_backlog_agency_title") + "**")
            agency_column.plotly_chart(feedback.backlog_agency_figure(backlog, feedback.agency_names(results.run(ctx, "feedback_by_agency")), lang=ctx.lang),
                                       width="stretch", config=feedback.PLOT_CONFIG, key="fb_backlog_agency_chart")
            agency_column.caption(ctx.t("fb_backlog_top", count=feedback.BACKLOG_TOP))
            tables.download_buttons(ctx, backlog, what=feedback.download_stem("backlog"), key="fb_backlog_download")
            st.subheader(ctx.t("fb_oldest_title"))
            st.caption(ctx.t("fb_oldest_note"))
            open_items = feedback.open_items_view(results.run(ctx, "feedback_open_items"), lang=ctx.lang)
            st.dataframe(tables.first_rows(ctx, open_items),
                         hide_index=True, width="stretch", height=420, placeholder="—", key="fb_open_table",
                         column_config=columns.table_config(st.column_config, open_items, ctx.lang, page="feedback"))
            tables.download_buttons(ctx, open_items, what=feedback.download_stem("open"), key="fb_open_download",
                                citizen_rows=True)

with held_tab:
    if held_tab.open:  # only the section looked at is computed and drawn
        st.subheader(ctx.t("fb_held_title"))
        st.info(feedback.held_rule(held_after_days=settings["held_after_days"],
                                   holding_min_items=settings["holding_min_items"], lang=ctx.lang), icon=":material/rule:")
        st.caption(ctx.t("fb_held_caution"))
        held_items = feedback.held_items_view(results.run(ctx, "feedback_held_items"), lang=ctx.lang)
        if held_items.empty:
            st.success(ctx.t("fb_held_none", days=settings["held_after_days"]), icon=":material/task_alt:")
        else:
            by_official = feedback.held_by_official_view(results.run(ctx, "feedback_held_by_official"), lang=ctx.lang)
            st.markdown("**" + ctx.t("fb_held_by_official") + "**")
            st.dataframe(tables.first_rows(ctx, by_official),
                         hide_index=True, width="stretch", placeholder="—", key="fb_held_official_table",
                         column_config=columns.table_config(st.column_config, by_official, ctx.lang, page="feedback"))
            tables.download_buttons(ctx, by_official, what=feedback.download_stem("held_official"),
                                key="fb_held_official_download")
            held_agencies = feedback.held_by_agency_view(results.run(ctx, "feedback_held_by_agency"), lang=ctx.lang)
            st.markdown("**" + ctx.t("fb_held_by_agency") + "**")
            st.dataframe(tables.first_rows(ctx, held_agencies),
                         hide_index=True, width="stretch", placeholder="—", key="fb_held_agency_table",
                         column_config=columns.table_config(st.column_config, held_agencies, ctx.lang, page="feedback"))
            tables.download_buttons(ctx, held_agencies, what=feedback.download_stem("held_agency"),
                                key="fb_held_agency_download")
            st.markdown("**" + ctx.t("fb_held_items_title") + "**")
            st.dataframe(tables.first_rows(ctx, held_items),
                         hide_index=True, width="stretch", placeholder="—", key="fb_held_items_table",
                         column_config=columns.table_config(st.column_config, held_items, ctx.lang, page="feedback"))
            tables.download_buttons(ctx, held_items, what=feedback.download_stem("held_items"), key="fb_held_items_download",
                                citizen_rows=True)

shell.definitions(ctx, [
    (ctx.t("fb_def_flow"), "fb_flow", "feedback_flow"),
    (ctx.t("fb_card_received"), "feedback_received", "feedback_summary"),
    (ctx.t("fb_card_on_time_rate"), "on_time_rate", "feedback_summary"),
    (ctx.t("fb_def_due"), "fb_due", "feedback_items"),
    (ctx.t("fb_def_km"), "median_days_km", "feedback_km_curve"),
    (ctx.t("fb_metric_p90_km"), "fb_p90", "feedback_summary"),
    (ctx.t("fb_def_naive"), "fb_naive", "feedback_summary"),
    (ctx.t("fb_monthly_title"), "fb_monthly", "feedback_monthly"),
    (ctx.t("fb_league_title"), "fb_league", "feedback_by_agency"),
    (ctx.t("fb_tab_breakdown"), "fb_by_dimension", "feedback_by_dimension"),
    (ctx.t("fb_backlog_title"), "fb_backlog", "feedback_backlog"),
    (ctx.t("fb_oldest_title"), "fb_open_items", "feedback_open_items"),
    (ctx.t("fb_held_by_official"), "fb_held", "feedback_held_by_official"),
    (ctx.t("fb_held_by_agency"), "fb_held", "feedback_held_by_agency"),
    (ctx.t("fb_held_items_title"), "fb_held", "feedback_held_items"),
    (ctx.t("fb_def_items"), "fb_items", "feedback_items"),
])
