"""Đơn vị (agencies): the scorecard, the groups to commend and to correct with reasons, the score by
quarter, and the review workbook."""

import functools

import streamlit as st

from outreach.views import agencies, charts, columns, review
from outreach.ui import results, shell, tables, urlstate
from outreach.i18n import fmt_int

ctx = shell.setup_page("nav_agencies")
settings = ctx.settings.query_settings()
scorecard = results.run(ctx, "agency_scorecard_detail")
reasons = agencies.review_reasons(scorecard, ctx.lang)

st.markdown(agencies.score_sentence(settings, ctx.lang))
st.caption(agencies.weights_line(settings, ctx.lang))
if ctx.scope.agency:
    st.caption(ctx.t("people_scorecard_agency_filter"))

st.subheader(ctx.t("people_groups_title"))
st.caption(ctx.t("people_groups_note"))
commend_column, correct_column = st.columns(2)
with commend_column.container(border=True):
    st.markdown(f"#### :material/thumb_up: {ctx.t('people_group_commend_title')}")
    st.markdown(agencies.group_markdown(scorecard, reasons, "commend", ctx.lang))
with correct_column.container(border=True):
    st.markdown(f"#### :material/report: {ctx.t('people_group_correct_title')}")
    st.markdown(agencies.group_markdown(scorecard, reasons, "correct", ctx.lang))

# The scorecard, the score by quarter (two charts) and the review workbook are sections: only the
# open one is computed and drawn.
scorecard_tab, heads_tab, trend_tab, review_tab = urlstate.url_tabs("agency_tab", "atab", [
    ("scorecard", ctx.t("people_scorecard_title")), ("heads", ctx.t("agency_heads_title")),
    ("trend", ctx.t("people_trend_title")), ("review", ctx.t("people_review_title"))])

with scorecard_tab:
    if scorecard_tab.open:
        st.dataframe(agencies.scorecard_table(scorecard, ctx.lang)[agencies.SCORECARD_COLUMNS], hide_index=True, width="stretch",
                     key="scorecard_table", placeholder="—",
                     column_config=columns.table_config(st.column_config, agencies.SCORECARD_COLUMNS, ctx.lang, page="people"))
        tables.download_buttons(ctx, results.run(ctx, "agency_scorecard"), what=ctx.t("people_file_scorecard"), key="scorecard_download")


with trend_tab:
    if trend_tab.open:
        quarters = results.run(ctx, "agency_score_by_quarter")
        st.caption(ctx.t("people_trend_note"))
        if quarters.empty:
            st.info(ctx.t("no_data_period"))
        elif not quarters["score"].notna().any():
            st.info(ctx.t("people_trend_none_ranked"))
        else:
            drawn, top, bottom = agencies.heatmap_rows(list(scorecard["agency_id"]))
            if top:
                st.caption(ctx.t("people_trend_subset", total=fmt_int(len(scorecard), ctx.lang), top=top, bottom=bottom))
            st.plotly_chart(agencies.score_trend_heatmap(quarters, drawn, ctx.lang), width="stretch",
                            config=charts.PLOT_CONFIG, key="score_trend_heatmap")
            tables.download_buttons(ctx, quarters, what="diem-theo-quy", key="quarters_download")
            agency_ids, agency_label = agencies.agency_options(scorecard)
            urlstate.url_multi("trend_agencies", "trend", agency_ids, agencies.trend_defaults(scorecard, ctx.scope.agency))
            compared = st.multiselect(ctx.t("people_trend_choose"), agency_ids, key="trend_agencies", format_func=agency_label,
                                      placeholder=ctx.t("people_trend_placeholder"), on_change=urlstate.remember_multi,
                                      args=("trend_agencies", "trend"))
            if compared:
                st.plotly_chart(agencies.score_trend_lines(quarters, compared, ctx.lang), width="stretch",
                                config=charts.PLOT_CONFIG, key="score_trend_lines")


with review_tab:
    if review_tab.open:
        st.caption(ctx.t("people_review_caption"))
        st.download_button(
            ctx.t("people_review_button"),
            data=functools.partial(results.restricted_call, ctx, review.review_file, ctx.database, ctx.scope.available(ctx.settings),
                                   period_label=ctx.period.label(), as_of=ctx.period.as_of, lang=ctx.lang,
                                   scope_label=agencies.scope_label(ctx.commune_name, ctx.agency_name, ctx.lang)),
            file_name=f"{ctx.t('people_file_review')}_{ctx.period.slug()}.xlsx", key="review_download", on_click="ignore",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:",
            type="primary",
        )


with heads_tab:
    if heads_tab.open:
        heads = results.run(ctx, "agency_head_dialogues")
        st.caption(ctx.t("beyond_heads_intro"))
        head_columns = ["agency_name", "heads", "dialogues_held", "heads_without_dialogue", "heads_without_dialogue_names"]
        if heads.empty:
            st.caption(ctx.t("beyond_none"))
        else:
            st.dataframe(heads[head_columns], hide_index=True, width="stretch", key="heads_table", placeholder="—",
                         column_config=columns.table_config(st.column_config, head_columns, ctx.lang, page="people"))
            tables.download_buttons(ctx, heads, what="doi-thoai-nguoi-dung-dau", key="heads_download")


shell.definitions(ctx, [
    (ctx.t("people_scorecard_title"), "people_scorecard", "agency_scorecard"),
    (ctx.t("people_col_score"), "people_score", "agency_scorecard_detail"),
    (ctx.t("people_groups_title"), "people_review_groups", "agency_scorecard_detail"),
    (ctx.t("people_trend_title"), "people_trend", "agency_score_by_quarter"),
    (ctx.t("agency_heads_title"), "beyond_heads", "agency_head_dialogues"),
])
