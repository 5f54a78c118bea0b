"""Tổng quan (overview): the entry page. Run with `streamlit run dashboard.py`.

Streamlit finds `app` below and serves the pages from an st.App with the project's own route: the
session-checked extract downloads (outreach/ui/downloads.py). The page itself runs as __main__."""

import streamlit as st

if __name__ != "__main__":
    from outreach.ui import downloads

    # The tables' own "Download as CSV" and copy stay off whatever the config file says
    # (.streamlit/config.toml sets it too): downloads go through outreach/ui/tables.py.
    st.set_option("client.disableDataExport", True)
    st.set_option("client.toolbarMode", "minimal")  # no English ⋮ menu (Print / Record / About)
    app = st.App(__file__, routes=downloads.routes())

    from outreach.ui import warm_start

    warm_start.start()  # the first reader after a restart finds the default view computed
else:
    from outreach.views import charts
    from outreach.ui import meeting_report, results, shell, svg_view, tables
    from outreach.views.overview import kpi_cards, last_month_partial

    ctx = shell.setup_page("overview_title")

    kpis = results.run(ctx, "overview_kpis")
    cards = kpi_cards(kpis.iloc[0], lang=ctx.lang, previous_label=ctx.period.previous().label(),
                      previous_has_data=ctx.period.previous().has_data)
    shell.card_rows(cards)
    tables.download_buttons(ctx, kpis, what="chi-so-tong-quan", key="kpis_download")
    meeting_report.report_button(ctx)

    st.subheader(ctx.t("trend_title"))
    trend = results.run(ctx, "monthly_trend")
    if trend[["held_visits", "feedback_received", "replied"]].to_numpy().sum() == 0:
        st.info(ctx.t("no_data_period"))
    else:
        svg_view.show(charts.monthly_trend(trend, ctx.lang, width=shell.chart_width(),
                                           last_partial=last_month_partial(ctx.period)), key="monthly_trend_chart")
    if last_month_partial(ctx.period):
        st.caption(ctx.t("trend_partial", date=ctx.period.ref_date.strftime("%d/%m/%Y")))
    tables.download_buttons(ctx, trend, what="xu-huong-theo-thang", key="trend_download")

    shell.definitions(ctx, [
        *[(card.label, card.key, "overview_kpis") for card in cards],
        (ctx.t("vs_previous_short"), "change", "overview_kpis"),
        (ctx.t("trend_title"), "monthly_trend", "monthly_trend"),
    ])
