"""Imported text stays text, and free text keeps citizens' data for those allowed to see it:

- the summary is masked (the item's own citizen name, phones, titled full names) for every role
  without the personal-data permission, on every query, page table and extract that carries it;
- Markdown in imported names (commune, agency, official, hamlet, topic) never draws an image, a
  link, bold, maths or a Streamlit directive in headings, captions and notices.

The attack values are built by tests/support.py (write_attack_export)."""

from __future__ import annotations

import re
import time

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from outreach.config import load_settings
from outreach.i18n import md
from outreach.query import db, extracts
from outreach.query.periods import resolve_period
from support import ATTACK_HOST, ATTACK_MARKERS, ATTACK_SUMMARY, ATTACK_TEXT, FIXTURE_EXPORT, ROOT

ROLES = {
    "leader": db.Restriction(role="leader", personal=False, citizen_rows=False),
    "analyst": db.Restriction(role="analyst", personal=False),
    "officer": db.Restriction(role="commune_officer", commune="99002", personal=False),
    "analyst_personal": db.Restriction(role="analyst", personal=True),
}
SUMMARY_QUERIES = ("feedback_items", "feedback_open_items", "feedback_held_items", "feedback_contacts")
PHONES = ("0912345678", "84987000111", "84909555123")


@pytest.fixture(scope="module")
def attack_con(attack_database):
    connection = duckdb.connect(str(attack_database), read_only=True)
    yield connection
    connection.close()


def run_as(con, name: str, restriction: db.Restriction) -> pd.DataFrame | None:
    as_of, _ = db.data_as_of(con)
    scope = db.Scope(period=resolve_period(data_as_of=as_of, start="2024-01", end=None), restriction=restriction)
    try:
        return db.run_query(con, name, scope.params_for(name, load_settings()), restriction)
    except db.AccessError:
        return None


def leaks(text: str) -> list[str]:
    """The citizen names and phones (any spacing) found in a text."""
    feedback = pd.read_csv(FIXTURE_EXPORT / "feedback.csv", dtype=str)
    digits = re.sub(r"\D", "", text)
    found = [phone for phone in PHONES if phone in digits]
    return found + [name for name in [*feedback["citizen_name"].dropna(), "Nguyễn Thị Hoa"] if name.lower() in text.lower()]


def test_every_query_with_the_summary_names_the_free_text_switch():
    for name in db.query_names():
        if re.search(r"\bsummary\b", db.load_query(name).sql.split("\n", 1)[1]) and name != "feedback_summary":
            parameters = db.load_query(name).parameters
            assert name in SUMMARY_QUERIES + ("official_flags", "import_problems"), name
            if name == "import_problems":  # a rejected summary cell: masked by $personal_values
                assert db.PERSONAL_VALUES_PARAMETER in parameters
            elif name != "official_flags":  # evidence_summary: counts and dates only
                assert {db.PERSONAL_TEXT_PARAMETER, db.PERSONAL_PARAMETER} & parameters, name


@pytest.mark.parametrize("role", list(ROLES))
def test_the_summary_is_masked_without_the_personal_data_permission(attack_con, role):
    raw = dict(attack_con.execute("select feedback_id, summary from feedback").fetchall())
    rows = 0
    for name in SUMMARY_QUERIES:
        frame = run_as(attack_con, name, ROLES[role])
        if frame is None:
            assert role == "leader" and name == "feedback_contacts"
            continue
        rows += len(frame)
        for feedback_id, summary in zip(frame["feedback_id"], frame["summary"]):
            if role == "analyst_personal":
                assert summary == raw[feedback_id]
            else:
                assert not leaks(summary), (role, name, summary)
                assert "[SĐT]" in summary and "bà [họ tên]" in summary, summary
    assert rows > 0


def test_the_masking_rule_on_the_usual_spellings_and_what_it_keeps():
    # One rule, written once (queries/staging/macros/06_masking.sql): every query that shows a summary
    # masks it with that macro unless its switch says the account may read it as written.
    for name in SUMMARY_QUERIES:
        sql = db.load_query(name).sql
        assert re.search(r"case when \$show_personal(_text)? or s\.summary is null then s\.summary "
                         r"else masked_text\(s\.summary, s\.citizen_name\)\s+end as summary,", sql), name
    block = "case when $show_personal_text or s.summary is null then s.summary else masked_text(s.summary, s.citizen_name)"
    con = duckdb.connect()
    cases = [
        ("Ông Lê Văn Tám (0912345678) phản ánh", "Lê Văn Tám", "Ông [họ tên] ([SĐT]) phản ánh"),
        ("LÊ VĂN TÁM gọi 0912.345.678 / +84 912 345 678 / (+84)912-345-678 / 84912345678", "Lê Văn Tám",
         "[họ tên] gọi [SĐT] / [SĐT] / [SĐT] / [SĐT]"),
        ("Máy bàn 02438123456, CCCD 001203004567", None, "Máy bàn [SĐT], CCCD [SĐT]"),
        ("bà Nguyễn Thị Hoa và anh Tám; ông Chủ tịch UBND", "", "bà [họ tên] và anh Tám; ông Chủ tịch UBND"),
        # Amounts and dates are not phones; the name only as whole words ("Lê Anh" is not "Lê An").
        ("Bồi thường 2.000.000.000 đồng ngày 01/02/2025, Lê Anh", "Lê An", "Bồi thường 2.000.000.000 đồng ngày 01/02/2025, Lê Anh"),
        ("a.b(c đã gọi", "a.b(c", "[họ tên] đã gọi"),
        ("Lê An gặp Lê Anh, Lê An2 và LÊ AN.", "  Lê An ", "[họ tên] gặp Lê Anh, Lê An2 và [họ tên]."),
        (None, "Lê An", None),
    ]
    con.execute((ROOT / "queries" / "staging" / "macros" / "06_masking.sql").read_text(encoding="utf-8"))
    con.execute("create table feedback (feedback_id varchar, summary varchar, citizen_name varchar)")
    con.executemany("insert into feedback values (?, ?, ?)",
                    [(str(index), text, name) for index, (text, name, _) in enumerate(cases)])
    sql = f"select feedback_id, {block} end as summary from feedback as s"
    masked = dict(con.execute(sql, {"show_personal_text": False}).fetchall())
    assert [masked[str(index)] for index in range(len(cases))] == [want for _, _, want in cases]
    shown = dict(con.execute(sql, {"show_personal_text": True}).fetchall())
    assert [shown[str(index)] for index in range(len(cases))] == [text for text, _, _ in cases]


def test_the_runner_refuses_the_written_free_text_without_the_permission(attack_con):
    as_of, _ = db.data_as_of(attack_con)
    period = resolve_period(data_as_of=as_of, start="2024-01", end=None)
    for role in ("leader", "analyst", "officer"):
        params = db.Scope(period=period, restriction=ROLES[role]).params_for("feedback_items", load_settings())
        assert params[db.PERSONAL_TEXT_PARAMETER] is False
        with pytest.raises(db.AccessError, match="free text"):
            db.run_query(attack_con, "feedback_items", {**params, db.PERSONAL_TEXT_PARAMETER: True}, ROLES[role])


def test_an_extract_file_carries_the_masked_summary(attack_con, tmp_path):
    analyst = ROLES["analyst"]
    as_of, _ = db.data_as_of(attack_con)
    scope = db.Scope(period=resolve_period(data_as_of=as_of, start="2024-01", end=None), restriction=analyst)
    for name in ("feedback_items", "feedback_contacts"):
        path = tmp_path / f"{name}.csv"
        extracts.write(attack_con, name, extracts.extract_params(name, scope, load_settings()), analyst, path,
                       ["feedback_id", "summary"])
        summaries = pd.read_csv(path, encoding="utf-8-sig")["summary"]
        assert len(summaries) == 15 and not any(leaks(text) for text in summaries), name


# ---------------------------------------------------------------- Markdown in imported text

def test_md_keeps_imported_text_literal():
    assert md("Phường Bình An") == "Phường Bình An"
    assert md("TP. Hồ Chí Minh (Quận 1) - khu 2") == "TP. Hồ Chí Minh (Quận 1) - khu 2"
    escaped = md(ATTACK_TEXT["commune_99001"])
    assert "![" not in escaped and "](" in escaped.replace("&#93;(", "](") and "://" not in escaped
    for attack in (*ATTACK_TEXT.values(), "- list", "1. list", "# heading", "> quote", "a\n\n# b", "~~x~~", "a | b"):
        escaped = md(attack)
        assert not re.search(r"[*_`\[\]<>#!|~$:\n]", escaped.replace("&#", "")), (attack, escaped)
    assert md(None) == md(float("nan")) == ""


PAGE_VIEWS = {  # each page at the view where imported names reach Markdown
    "dashboard.py": {"commune": "99001", "agency": "DV31"},
    "pages/1_bao_phu.py": {"sel": "99001", "ctab": "detail"},
    "pages/2_y_kien.py": {"commune": "99001"},
    "pages/3_can_bo.py": {"otab": "detail", "official": "CB0002"},
    "pages/4_don_vi.py": {},
    "pages/5_du_lieu.py": {"dtab": "extracts", "commune": "99001", "agency": "DV31"},
}


def markdown_texts(app: AppTest) -> list[str]:
    """Everything the page sends as Markdown: bodies, notices, labels of metrics, tabs and expanders."""
    texts = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "success", "error"):
        texts += [str(element.value) for element in getattr(app, kind)]
    texts += [str(element.label) for kind in ("metric", "expander", "tabs") for element in getattr(app, kind)]
    return texts


@pytest.mark.parametrize("script", list(PAGE_VIEWS))
def test_imported_names_reach_markdown_escaped_on_every_page(attack_config, monkeypatch, script):
    monkeypatch.setenv("OUTREACH_CONFIG", str(attack_config))
    from outreach.ui import results
    results.settings.clear()
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    app.session_state["auth_user"] = "phantich"
    app.session_state["auth_login_at"] = time.time()
    for key, value in PAGE_VIEWS[script].items():
        app.query_params[key] = value
    app.run()
    if script != "dashboard.py":
        app.switch_page(script).run()
    assert not app.exception, app.exception
    texts = markdown_texts(app)
    raw = [text for text in texts if any(marker in text for marker in ATTACK_MARKERS) or f"http://{ATTACK_HOST}" in text]
    assert not raw, (script, raw)
    joined = "\n".join(texts)
    expected = {
        "dashboard.py": [md(ATTACK_TEXT["commune_99001"]), md(ATTACK_TEXT["agency_DV31"])],  # the filter line
        "pages/1_bao_phu.py": [md(ATTACK_TEXT["commune_99001"]), md(ATTACK_TEXT["hamlet_99001-03"])],
        "pages/3_can_bo.py": [md(ATTACK_TEXT["official_CB0002"]), md(ATTACK_TEXT["position_CB0002"])],
        "pages/5_du_lieu.py": [md(ATTACK_TEXT["commune_99001"])],
    }.get(script, [])
    for text in expected:  # the names are shown, escaped
        assert text in joined, (script, text)


def shown(locator) -> str:
    """The text a reader sees (md puts an invisible zero-width space before "://" against autolinks)."""
    return locator.inner_text().replace("\u200b", "").strip()


@pytest.mark.browser
def test_imported_markdown_is_drawn_as_plain_text_in_the_browser(attack_server, browser):
    from conftest import open_page, sign_in

    page = open_page(browser, attack_server + "/bao_phu?sel=99001&ctab=detail")
    sign_in(page, "phantich")
    heading = page.locator("h4", has_text="Bình An").first
    heading.wait_for(timeout=60_000)
    assert shown(heading) == ATTACK_TEXT["commune_99001"]  # as typed, not an image
    main = page.locator('[data-testid="stMain"]')
    page.get_by_text("ấp chưa có buổi nào").first.wait_for(timeout=30_000)
    assert ATTACK_TEXT["hamlet_99001-03"] in shown(main)
    assert main.locator(f'img[src*="{ATTACK_HOST}"]').count() == 0
    assert main.locator(f'a[href*="{ATTACK_HOST}"]').count() == 0

    page.goto(attack_server + "/can_bo?otab=detail&official=CB0002", wait_until="domcontentloaded")
    sign_in(page, "phantich")
    heading = page.locator("h4", has_text="Bình").first
    heading.wait_for(timeout=60_000)
    assert shown(heading).startswith(ATTACK_TEXT["official_CB0002"] + " · " + ATTACK_TEXT["position_CB0002"])
    assert heading.locator("strong, code, .katex, h1").count() == 0
    assert not [url for url in page.external_requests if ATTACK_HOST in url]
    page.close()
