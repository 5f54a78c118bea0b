"""The meeting report's lists: the officials flagged, by name, and the blind-spot communes.

Both are HTML built from query results; every imported text (names, agencies, communes) is escaped.
The officials' lines reuse the officials page's words (flags.flagged_officials: the flag's label and
its facts, "Có tên trong danh sách 5 buổi, không có mặt buổi nào"); no citizen's data is read.
"""

from __future__ import annotations

import html

import pandas as pd

from outreach.i18n import fmt_date, fmt_int, is_missing, t
from outreach.views import flags
from outreach.views.columns import fold

# A meeting reads a list, not a register: past this many lines a group ends with "and N others".
FLAGGED_MAX_PER_FLAG = 15
BLIND_SPOTS_MAX = 30


def _text(value) -> str:
    """Imported text for HTML: escaped, "—" when empty."""
    return "—" if is_missing(value) or str(value).strip() == "" else html.escape(str(value))


def flagged_lines(flagged: pd.DataFrame) -> pd.DataFrame:
    """flags.flagged_officials rows in the report's order: by flag (FLAGS order), then agency, then
    name (accents folded, as the officials page sorts), then id; with `other_flags`, the labels of the
    official's other flags."""
    if flagged.empty:
        return flagged.assign(other_flags=pd.Series(dtype=object))
    labels = flagged.groupby("official_id")["flag_label"].agg(list)
    order = {code: index for index, code in enumerate(flags.FLAGS)}
    rows = flagged.assign(
        _flag=flagged["flag"].map(order),
        _agency_missing=flagged["agency_name"].isna(),
        _agency=flagged["agency_name"].map(fold),
        _name=flagged["full_name"].map(fold),
    )
    rows["other_flags"] = [[label for label in labels[official] if label != own]
                           for official, own in zip(rows["official_id"], rows["flag_label"])]
    rows = rows.sort_values(["_flag", "_agency_missing", "_agency", "_name", "official_id"])
    return rows.drop(columns=["_flag", "_agency_missing", "_agency", "_name"]).reset_index(drop=True)


def flagged_html(flagged: pd.DataFrame, lang: str = "vi", limit: int = FLAGGED_MAX_PER_FLAG) -> str:
    """One group per flag (its label and count), one line per official: name, agency, the facts
    (and the official's other flags); a group longer than `limit` ends with "và N cán bộ khác"."""
    if flagged.empty:
        return f"<p>{html.escape(t('rp_flags_none', lang))}</p>"
    lines = flagged_lines(flagged)
    # The headline count is officials_flagged (the four flags of "Flags on officials", as the officials
    # page and the overview count it: docs/metrics.md); officials with only the other flags come after.
    total = lines["official_id"].nunique()
    main = lines.loc[lines["flag"].isin(flags.SECTION_6_FLAGS), "official_id"].nunique()
    others = t("rp_flags_others", lang, count=fmt_int(total - main, lang)) if total > main else ""
    parts = [f"<p>{html.escape(t('rp_flags_intro', lang, count=fmt_int(main, lang), others=others))}</p>"]
    head = "".join(f"<th>{html.escape(t(key, lang))}</th>" for key in ("rp_col_name", "rp_col_agency", "rp_col_reason"))
    for code in flags.FLAGS:
        group = lines[lines["flag"] == code]
        if group.empty:
            continue
        label = flags.flag_label(code, lang)
        parts.append(f'<h3>{html.escape(t("rp_flag_group", lang, label=label, count=fmt_int(len(group), lang)))}</h3>')
        body = []
        for row in group.head(limit).itertuples(index=False):
            reason = html.escape(row.headline)
            if row.other_flags:
                reason += (f' <span class="also">({html.escape(t("rp_also_flagged", lang, labels=", ".join(row.other_flags)))})'
                           "</span>")
            body.append(f"<tr><td>{_text(row.full_name)}</td><td>{_text(row.agency_name)}</td><td>{reason}</td></tr>")
        if len(group) > limit:
            more = t("rp_more_officials", lang, count=fmt_int(len(group) - limit, lang))
            body.append(f'<tr class="more"><td colspan="3">{html.escape(more)}</td></tr>')
        parts.append(f'<table class="flagged"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')
    return "".join(parts)


def blind_spots_html(blind: pd.DataFrame, days: int, as_of, lang: str = "vi", limit: int = BLIND_SPOTS_MAX) -> str:
    """The blind_spots rows (most populous first, as the query orders them): commune, population,
    days since the last held visit ("chưa có buổi nào" when never), its date, officials assigned."""
    date = fmt_date(as_of, lang)
    if blind.empty:
        return f"<p>{html.escape(t('rp_blind_none', lang, days=fmt_int(days, lang), date=date))}</p>"
    intro = t("rp_blind_intro", lang, count=fmt_int(len(blind), lang), days=fmt_int(days, lang), date=date)
    head = "".join(f"<th{' class=num' if numeric else ''}>{html.escape(t(key, lang))}</th>" for key, numeric in (
        ("rp_col_commune", False), ("rp_col_population", True), ("rp_col_days", True), ("rp_col_last_visit", True),
        ("rp_col_assigned", True)))
    never = html.escape(t("rp_never_visited", lang))
    body = []
    for row in blind.head(limit).itertuples(index=False):
        since = never if is_missing(row.last_visit_date) else \
            f"{fmt_int(row.days_since_last_visit, lang)} {html.escape(t('days', lang))}"
        body.append(f"<tr><td>{_text(row.commune_name)}</td><td class='num'>{fmt_int(row.population, lang)}</td>"
                    f"<td class='num'>{since}</td><td class='num'>{fmt_date(row.last_visit_date, lang)}</td>"
                    f"<td class='num'>{fmt_int(row.officials_assigned, lang)}</td></tr>")
    if len(blind) > limit:
        more = t("rp_more_communes", lang, count=fmt_int(len(blind) - limit, lang))
        body.append(f'<tr class="more"><td colspan="5">{html.escape(more)}</td></tr>')
    return (f"<p>{html.escape(intro)}</p><table class='blind'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")
