"""The Data page's mapping step: a file or sheet the import could not decide (recognise.Need) is
mapped by a person once, saved as a named profile beside the database, and used by the next
import of the same shape; the guesses the import took; the saved profiles, shown and downloadable."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from outreach.i18n import md
from outreach.ingest import contract, mapping
from outreach.ui.context import Context

NONE = "—"
# Free text and citizens' own data: never previewed to an account that may not see personal data.
PRIVATE_COLUMNS = {column.name for table in contract.TABLES for column in table.columns if column.personal} | {"summary"}
PHONE_LIKE = re.compile(r"(\+84|0084|0)[\s.\-]?[1-9]([\s.\-]?[0-9]){8,9}")


def _preview(ctx: Context, values: list[str], column: str) -> str:
    if not ctx.scope.restriction.personal:
        if column in PRIVATE_COLUMNS:
            return "***"
        values = [PHONE_LIKE.sub("***", value) for value in values]
    return ", ".join(f"“{md(value[:40])}”" for value in values[:3]) or ctx.t("map_no_values")


def guesses(ctx: Context, found: list) -> None:
    """Every name or column the import guessed, in its words."""
    if not found:
        return
    with st.expander(ctx.t("map_guesses", count=len(found)), icon=":material/lightbulb:"):
        st.caption(ctx.t("map_guesses_help"))
        frame = pd.DataFrame([{"file": g.file, "sheet": g.sheet, "table_name": g.table, "column": g.column,
                               "header": g.header, "message": g.message} for g in found])
        st.dataframe(frame.rename(columns={name: ctx.t(f"map_col_{name}") for name in frame.columns}),
                     hide_index=True, key="guesses_table")


def step(ctx: Context, needs: list) -> None:
    """One form per undecided file or sheet: its table, then a source column per column of the table
    (the guesses preselected, a preview of the values), saved under a name."""
    st.markdown(f"**{ctx.t('map_title')}**")
    st.caption(ctx.t("map_intro"))
    for number, need in enumerate(needs):
        with st.form(key=f"mapping_form_{number}", border=True):
            st.markdown(f"**{md(need.label)}**")
            st.caption(md(need.message))
            options = contract.TABLE_ORDER
            table = st.selectbox(ctx.t("map_table"), options, index=options.index(need.table) if need.table in options else 0,
                                 format_func=lambda name: f"{contract.table(name).title_vi} ({name})",
                                 key=f"mapping_table_{number}")
            spec = contract.table(table)
            headers = [NONE] + need.headers
            chosen: dict[str, str] = {}
            for column in sorted(spec.columns, key=lambda c: not c.required):
                guess = need.columns.get(column.name) if table == need.table else None
                label = f"{column.title_vi} ({column.name})" + (" *" if column.required else "")
                left, right = st.columns([2, 3])
                header = left.selectbox(label, headers, index=headers.index(guess) if guess in headers else 0,
                                        key=f"mapping_{number}_{table}_{column.name}")
                if header != NONE:
                    chosen[header] = column.name
                    right.caption(ctx.t("map_values", values=_preview(ctx, need.preview.get(header, []), column.name)))
                elif need.candidates.get(column.name):
                    right.caption(ctx.t("map_in_question", headers=", ".join(f"“{md(h)}”" for h in need.candidates[column.name])))
            name = st.text_input(ctx.t("map_name"), value=need.file.rsplit(".", 1)[0], key=f"mapping_name_{number}")
            if st.form_submit_button(ctx.t("map_save"), type="primary", icon=":material/save:"):
                missing = [c for c in spec.required_columns if c not in chosen.values()]
                if missing:
                    st.error(ctx.t("map_missing", columns=", ".join(missing)))
                elif len(set(chosen.values())) != len(chosen):
                    st.error(ctx.t("map_twice"))
                else:
                    entry = {"file": need.file, "sheet": need.sheet, "table": table, "headers": need.headers,
                             "columns": chosen}
                    mapping.save(ctx.database, mapping.Profile(name.strip() or need.file, [entry]))
                    st.success(ctx.t("map_saved", name=md(name.strip() or need.file)), icon=":material/check_circle:")


def saved_profiles(ctx: Context) -> None:
    """The profiles beside the database: what each maps, as JSON, downloadable."""
    profiles = mapping.saved(ctx.database)
    with st.expander(ctx.t("map_profiles", count=len(profiles)), icon=":material/rule_settings:"):
        if not profiles:
            st.caption(ctx.t("map_profiles_none"))
        for number, profile in enumerate(profiles):
            st.markdown(ctx.t("map_profile_line", name=md(profile.name), saved=md(profile.saved_at),
                              sources=", ".join(f"{md(e.get('file'))} → {e['table']}" for e in profile.sources)))
            st.code(profile.as_json(), language="json")
            st.download_button(ctx.t("map_download"), profile.as_json().encode("utf-8"),
                               file_name=f"{mapping.slug(profile.name)}.json", mime="application/json",
                               key=f"mapping_download_{number}", on_click="ignore", icon=":material/download:")
