"""Dữ liệu (data): import files, the validation report, the import history, extracts."""

import streamlit as st

from outreach.query import auth
from outreach.ingest import uploads
from outreach.ui import audit_log, extract_builder, importer, mapping_step, results, shell, tables, urlstate
from outreach.i18n import fmt_date, fmt_int, md, t
from outreach.ingest.template import template_bytes

ctx = shell.setup_page("data_title", needs_data=False)
outcomes = {"rejected": ctx.t("dp_outcome_rejected"), "warning": ctx.t("dp_outcome_warning")}
limit = int(ctx.settings.get("import", "max_upload_mb"))

may_see_audit = auth.may_see_audit(ctx.scope.restriction)  # the audit log: analysts only
import_tab, report_tab, history_tab, extracts_tab, *audit_tab = urlstate.url_tabs("data_tab", "dtab", [
    ("import", ctx.t("dp_tab_import")), ("report", ctx.t("dp_tab_report")), ("history", ctx.t("dp_tab_history")),
    ("extracts", ctx.t("dp_tab_extracts"))] + ([("audit", ctx.t("dp_tab_audit"))] if may_see_audit else []))
may_import = auth.may_import(ctx.scope.restriction)
may_see_report = auth.may_see_import_report(ctx.scope.restriction)

with import_tab:
    if import_tab.open:  # only the section looked at is computed and drawn
        if not may_import:
            st.info(ctx.t("acc_no_import"), icon=":material/lock:")
        else:
            st.markdown(ctx.t("dp_upload_intro", limit=fmt_int(limit, ctx.lang)))
            chosen_files = st.file_uploader(ctx.t("dp_uploader"), type=uploads.ACCEPTED_TYPES, accept_multiple_files=True,
                                       key="upload_files")
            source, staged, label = None, None, None
            if st.button(ctx.t("dp_import_upload"), key="import_upload", type="primary", icon=":material/upload:"):
                if not chosen_files:
                    st.warning(ctx.t("dp_nothing_chosen"))
                else:
                    staged = uploads.stage_uploads([(upload.name, upload) for upload in chosen_files], limit_mb=limit,
                                                   database=ctx.database)
                    for name, size in staged.too_large:
                        st.error(ctx.t("dp_too_large", name=md(name), size=fmt_int(size / 1024 / 1024, ctx.lang),
                                       limit=fmt_int(limit, ctx.lang)))
                    source = staged.folder if staged.files else None
                    label = t("dp_upload_source", "vi", files=", ".join(staged.files))
            with st.expander(ctx.t("dp_folder"), icon=":material/folder_open:"):
                folder = st.text_input(ctx.t("dp_folder_path"), key="import_folder_path")
                if st.button(ctx.t("dp_import_folder"), key="import_folder"):
                    roots = uploads.folder_roots(ctx.settings)
                    checked = uploads.check_folder(folder, roots)
                    if checked.folder is not None:
                        source = checked.folder
                    elif checked.problem == "outside":
                        st.error(ctx.t("dp_folder_outside", path=md(folder), roots=md(", ".join(str(root) for root in roots))))
                    elif checked.problem == "link_outside":
                        st.error(ctx.t("dp_folder_link_outside", name=md(checked.name)))
                    else:
                        st.error(ctx.t("dp_folder_missing", path=md(folder)))
            if source is not None:
                # Rerun so that every figure on the page reads the new database, then show the result.
                try:
                    imported = importer.run_import(ctx, source, label=label)
                finally:
                    uploads.discard(staged)  # the staged copies of citizens' data go at once
                st.session_state["last_import_report"] = imported
                st.rerun()
            uploads.discard(staged)
            report = st.session_state.get("last_import_report")
            if report is not None:
                if report.exit_code == 1:
                    st.error(ctx.t("dp_result_failed", error=md(report.error)), icon=":material/error:")
                    if report.needs:
                        mapping_step.step(ctx, report.needs)
                elif report.exit_code == 2:
                    st.warning(ctx.t("dp_result_rejected", count=fmt_int(report.rows_rejected, ctx.lang)), icon=":material/warning:")
                else:
                    st.success(ctx.t("dp_result_clean"), icon=":material/check_circle:")
                mapping_step.guesses(ctx, report.guesses)
                if report.files:
                    st.markdown(f"**{ctx.t('dp_accounting')}**")
                    tables.show_table(ctx, uploads.localise_tables(uploads.file_table(report), ctx.lang),
                                  key="upload_files_table")
                if report.exit_code != 1:
                    # From the new database, personal values masked unless the account may see them.
                    found = results.run(ctx, "import_problems")
                    if len(found):
                        tables.download_buttons(ctx, found, what="van-de-khi-nap", key="upload_problems_download")
                    fixable = uploads.fixable_rejects(report.rejects_path) if ctx.scope.can_see_personal else None
                    if fixable is not None:
                        st.caption(ctx.t("dp_fixable", count=fmt_int(len(fixable), ctx.lang)))
                        tables.download_buttons(ctx, fixable, what="dong-bi-loai-de-sua", key="fixable_download",
                                                raw_only=True)
            mapping_step.saved_profiles(ctx)
            st.download_button(ctx.t("dp_template"), template_bytes, file_name="mau-nhap-lieu-huong-ve-co-so.xlsx",
                               help=ctx.t("dp_template_help"), key="template_download", on_click="ignore",
                               icon=":material/table_view:",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

with report_tab:
    if report_tab.open:  # only the section looked at is computed and drawn
        if not may_see_report:
            st.info(ctx.t("acc_no_import_report"), icon=":material/lock:")
        else:
            summary = results.run(ctx, "import_summary")
            first = summary.iloc[0]
            st.markdown(ctx.t("dp_last_import", when=first["imported_at"].strftime("%d/%m/%Y %H:%M"), source=md(first["source"]),
                              as_of=fmt_date(first["as_of"])))
            st.markdown(f"**{ctx.t('dp_accounting')}**")
            files = uploads.localise_tables(results.run(ctx, "import_files"), ctx.lang)
            tables.show_table(ctx, files, key="import_files_table")
            tables.download_buttons(ctx, files, what="tep-lan-nap-gan-nhat", key="import_files_download")
            st.markdown(f"**{ctx.t('dp_problems_by_reason')}**")
            by_reason = results.run(ctx, "import_problem_summary")
            if by_reason.empty:
                st.success(ctx.t("dp_no_problems"))
            else:
                tables.show_table(ctx, uploads.localise_problems(by_reason, outcomes), key="problems_by_reason")
                everything = results.run(ctx, "import_problems")
                st.caption(ctx.t("dp_problems_all"))
                tables.download_buttons(ctx, everything, what="van-de-lan-nap-gan-nhat", key="problems_download")
            st.markdown(f"**{ctx.t('dp_freshness')}**")
            freshness = uploads.localise_tables(results.run(ctx, "data_freshness"), ctx.lang)
            tables.show_table(ctx, freshness, key="freshness_table")
            tables.download_buttons(ctx, freshness, what="do-moi-du-lieu", key="freshness_download")

with history_tab:
    if history_tab.open:  # only the section looked at is computed and drawn
        if not may_see_report:
            st.info(ctx.t("acc_no_import_report"), icon=":material/lock:")
        else:
            history = uploads.history_table(importer.import_history(ctx))
            if history.empty:
                st.info(ctx.t("dp_history_empty"))
            else:
                tables.show_table(ctx, importer.history_for_reader(history, ctx.lang),
                                  key="history_table")
                tables.download_buttons(ctx, history, what="lich-su-nap", key="history_download")

with extracts_tab:
    if extracts_tab.open:  # only the section looked at is computed and drawn
        extract_builder.extract_builder(ctx)

if may_see_audit:
    with audit_tab[0]:
        if audit_tab[0].open:
            audit_log.show(ctx)

shell.definitions(ctx, [
    (ctx.t("dp_accounting"), "dp_files", "import_files"),
    (ctx.t("dp_problems_by_reason"), "dp_problems", "import_problem_summary"),
    (ctx.t("dp_freshness"), "dp_freshness", "data_freshness"),
])
