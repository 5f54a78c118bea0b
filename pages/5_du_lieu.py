"""Dữ liệu (data): what the last import loaded, and the named extracts."""

import streamlit as st

from outreach import ui
from outreach.extracts import extract_catalogue, import_table

ctx = ui.setup_page("data_title")
summary = ui.run(ctx, "import_summary")
st.markdown(ctx.t("data_last_import", when=summary["imported_at"].iloc[0].strftime("%d/%m/%Y %H:%M"),
                  source=f"`{summary['source'].iloc[0]}`"))
st.subheader(ctx.t("data_counts"))
st.dataframe(import_table(summary, ctx.lang), hide_index=True, width="stretch")
st.info(ctx.t("data_import_note"), icon=":material/construction:")

st.subheader(ctx.t("data_extracts"))
catalogue = extract_catalogue()
name = st.selectbox(ctx.t("data_extract_choose"), list(catalogue), key="extract_name",
                    format_func=lambda n: f"{n} — {catalogue[n]}")
extract = ui.run(ctx, name)
st.dataframe(extract.head(200), hide_index=True, width="stretch")
ui.download_buttons(ctx, extract, what=name, key="extract_download")
