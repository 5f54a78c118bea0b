"""Access: each role against every named query (extract) and every page. A commune officer never
receives another commune's row (maps included); a leader never sees a citizen's name or phone;
sign-in is required when on, a wrong password is refused and an expired session asks again."""

from __future__ import annotations

import subprocess
import sys
import time

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from outreach.query import auth, db, extracts
from outreach.config import load_settings
from outreach.query.periods import resolve_period
from outreach.ui.shell import PAGES
from support import FIXTURE_EXPORT, ROOT, cards, open_filters, svg_views

OFFICER_COMMUNE = "99002"
PASSWORD = "mat-khau-2025"
ROLES = {
    "leader": db.Restriction(role="leader", personal=False, citizen_rows=False),
    "analyst": db.Restriction(role="analyst", personal=False),
    "analyst_personal": db.Restriction(role="analyst", personal=True),
    "officer": db.Restriction(role="commune_officer", commune=OFFICER_COMMUNE, personal=False),
}
SAMPLES = {"selected_official": "CB0001", "official_id": "CB0001", "selected_agency": "DV01", "agency_id": "DV01"}


def citizen_values() -> tuple[set[str], set[str]]:
    feedback = pd.read_csv(FIXTURE_EXPORT / "feedback.csv", dtype=str)
    return set(feedback["citizen_name"].dropna()), set(feedback["citizen_phone"].dropna())


def cells(frame: pd.DataFrame) -> set[str]:
    return {str(value) for column in frame.columns for value in frame[column].dropna().tolist()}


def commune_columns(frame: pd.DataFrame) -> list[str]:
    return [column for column in frame.columns if column == "commune_code" or column.endswith("commune_code")]


OFFICIAL_COLUMNS = ("official_id", "recorded_by")


def officials_of_commune(commune: str) -> set[str]:
    """The officials a commune's own rows name, read from the export (not the queries): assigned
    there, on the attendance list of a visit there, or recording an item there."""
    assignments = pd.read_csv(FIXTURE_EXPORT / "assignments.csv", dtype=str)
    visits = pd.read_csv(FIXTURE_EXPORT / "visits.csv", dtype=str)
    attendance = pd.read_csv(FIXTURE_EXPORT / "attendance.csv", dtype=str)
    feedback = pd.read_csv(FIXTURE_EXPORT / "feedback.csv", dtype=str)
    there = set(visits.loc[visits["commune_code"] == commune, "visit_id"])
    return (set(assignments.loc[assignments["commune_code"] == commune, "official_id"])
            | set(attendance.loc[attendance["visit_id"].isin(there), "official_id"])
            | set(feedback.loc[feedback["commune_code"] == commune, "recorded_by"].dropna()))


@pytest.fixture(scope="module")
def period(con):
    as_of, _ = db.data_as_of(con)
    return resolve_period(data_as_of=as_of, start="2024-01", end=None)  # everything the fixture holds


def run_as(con, period, name: str, restriction: db.Restriction, **sidebar) -> pd.DataFrame:
    """Run a query as the page/builder would for this role (raises db.AccessError when refused)."""
    scope = db.Scope(period=period, restriction=restriction, **sidebar)
    query = db.load_query(name)
    extra = {key: value for key, value in SAMPLES.items() if key in query.parameters}
    if "selected_commune" in query.parameters:
        extra["selected_commune"] = restriction.commune or "99001"
    return db.run_query(con, name, scope.params_for(name, load_settings(), extra), restriction)


def attempt(con, period, name: str, restriction: db.Restriction, **sidebar) -> pd.DataFrame | None:
    """run_as, or None when refused."""
    try:
        return run_as(con, period, name, restriction, **sidebar)
    except db.AccessError:
        return None


@pytest.mark.parametrize("name", db.query_names())
def test_commune_officer_never_receives_another_communes_row(con, period, name):
    officer = ROLES["officer"]
    # The sidebar (or a hand-made URL) asks for another commune: the scope forces the officer's.
    frame = attempt(con, period, name, officer, commune="99001")
    if frame is None:
        assert name not in db.NO_COMMUNE_ROWS
        assert extracts.refusal(name, officer) or name in extracts.INTERNAL_QUERIES
        return
    for column in commune_columns(frame):
        assert set(frame[column].dropna()) <= {OFFICER_COMMUNE}, (name, column, set(frame[column].dropna()))
    # Nor an official of another commune (official_profile returned the whole province's officials).
    for column in OFFICIAL_COLUMNS:
        if column in frame.columns:
            outside = set(frame[column].dropna()) - officials_of_commune(OFFICER_COMMUNE)
            assert not outside, (name, column, outside)
    if name == "commune_shapes":
        assert frame["commune_code"].tolist() == [OFFICER_COMMUNE]
    if name == "commune_list":
        assert frame["commune_code"].tolist() == [OFFICER_COMMUNE]


def test_a_commune_officers_official_profile_is_the_officials_of_their_commune(con, period):
    officer = ROLES["officer"]
    profile = run_as(con, period, "official_profile", officer)
    participation = run_as(con, period, "official_participation", officer)
    everyone = run_as(con, period, "official_profile", ROLES["analyst"])
    assert set(profile["official_id"]) == set(participation["official_id"])  # the officials page joins them
    assert set(profile["official_id"]) <= officials_of_commune(OFFICER_COMMUNE) < set(everyone["official_id"])
    # Their assigned communes name only the officer's commune; the extract gives the same rows.
    assert set(profile["assigned_communes"].dropna()) <= {"Xã Tân Phú"}
    params = extracts.extract_params("official_profile", db.Scope(period=period, restriction=officer), load_settings())
    first, total = extracts.preview(con, "official_profile", params, officer)
    assert total == len(profile) and set(first["official_id"]) == set(profile["official_id"])


def test_officer_queries_are_not_all_refused(con, period):
    allowed = [name for name in db.query_names() if attempt(con, period, name, ROLES["officer"]) is not None]
    assert {"overview_kpis", "commune_map", "commune_shapes", "feedback_items", "official_participation",
            "agency_scorecard", "commune_visits"} <= set(allowed)
    assert {"import_problems", "import_files", "data_freshness"}.isdisjoint(allowed)


def test_the_runner_refuses_a_foreign_commune_whatever_the_caller_passes(con, period):
    officer = ROLES["officer"]
    params = db.Scope(period=period).params_for("commune_map", load_settings())
    with pytest.raises(db.AccessError, match="may only read commune 99002"):
        db.run_query(con, "commune_map", {**params, "commune": "99001"}, officer)
    with pytest.raises(db.AccessError, match="may only read commune 99002"):
        db.run_query(con, "commune_map", {**params, "commune": None}, officer)
    visits = db.Scope(period=period).params_for("commune_visits", load_settings(), {"selected_commune": "99001"})
    with pytest.raises(db.AccessError):
        db.run_query(con, "commune_visits", {**visits, "selected_commune": "99001"}, officer)
    with pytest.raises(db.AccessError, match="does not take \\$commune"):
        db.run_query(con, "import_problems", {}, officer)
    # the ambient restriction (db.restricted) applies to callers that pass none, e.g. the review workbook
    with db.restricted(officer), pytest.raises(db.AccessError):
        db.run_query(con, "commune_map", {**params, "commune": "99001"})


# The queries each role is refused, and why (db.check_access); every other query must run.
REFUSED = {
    # feedback_contacts is the one query naming $show_personal (row-level names and phones).
    "leader": ({"feedback_contacts"}, "row-level citizen extracts are refused for the role leader"),
    "analyst": (set(), None),
    # The import and freshness queries take no $commune: they cannot be limited to 99002.
    "officer": ({"data_freshness", "import_files", "import_problem_summary", "import_problems", "import_summary"},
                r"refused for a commune officer: it does not take \$commune, so it cannot be limited to commune 99002"),
}


@pytest.mark.parametrize("role", ["leader", "analyst", "officer"])
@pytest.mark.parametrize("name", db.query_names())
def test_no_citizen_name_or_phone_without_the_permission(con, period, role, name):
    names, phones = citizen_values()
    refused, reason = REFUSED[role]
    if name in refused:
        with pytest.raises(db.AccessError, match=reason):
            run_as(con, period, name, ROLES[role])
        return
    frame = run_as(con, period, name, ROLES[role])
    found = cells(frame)
    assert not found & names and not found & phones, (role, name)
    if role == "leader":
        assert not {"citizen_name", "citizen_phone"} & set(frame.columns), name
    elif name == "feedback_contacts":
        # Analyst and officer get the contact columns, masked. The items with a name: YK0001 Lê Văn
        # Tám and YK0005 Đinh Văn Lộc (99001), YK0002 Ngô Thị Mai (99002, the officer's commune).
        masked = set(frame["citizen_name"].dropna())
        everyone = {"Lê V*** T**", "Đinh V*** L**", "Ngô T*** M**"}
        assert masked == (everyone if role == "analyst" else {"Ngô T*** M**"}), (role, masked)
        assert set(frame["citizen_phone"].dropna()) == (
            {"09******78", "09******23", "09******11"} if role == "analyst" else {"09******11"}), role


def test_leader_is_refused_row_level_citizen_extracts(con, period):
    leader = ROLES["leader"]
    assert attempt(con, period, "feedback_contacts", leader) is None
    allowed = extracts.allowed_extracts(leader)
    assert extracts.CITIZEN_ROW_EXTRACTS.isdisjoint(allowed) and "agency_scorecard" in allowed
    params = db.Scope(period=period, restriction=leader).params_for("feedback_contacts", load_settings())
    with pytest.raises(db.AccessError, match="row-level citizen"):
        db.run_query(con, "feedback_contacts", {**params, "show_personal": True}, leader)


def test_analyst_sees_masked_contacts_unless_permitted(con, period):
    names, phones = citizen_values()
    masked = attempt(con, period, "feedback_contacts", ROLES["analyst"])
    shown = attempt(con, period, "feedback_contacts", ROLES["analyst_personal"])
    assert "Lê V*** T**" in set(masked["citizen_name"]) and "09******78" in set(masked["citizen_phone"])
    assert "Lê Văn Tám" in set(shown["citizen_name"]) and "0912345678" in set(shown["citizen_phone"])
    params = db.Scope(period=period).params_for("feedback_contacts", load_settings())
    with pytest.raises(db.AccessError, match="names and phones"):
        db.run_query(con, "feedback_contacts", {**params, "show_personal": True}, ROLES["analyst"])


# ---------------------------------------------------------------- accounts, CLI

def test_accounts_file_round_trip_and_passwords(tmp_path):
    path = tmp_path / "users.toml"
    accounts = {"Trần Thị Bình": auth.Account("Trần Thị Bình", "commune_officer", auth.hash_password(PASSWORD), "99002")}
    auth.save_accounts(path, accounts)
    assert "$2b$" in path.read_text() and PASSWORD not in path.read_text()
    assert (path.stat().st_mode & 0o777) == 0o600
    loaded = auth.load_accounts(path)
    assert loaded == accounts
    assert auth.authenticate(loaded, "Trần Thị Bình", PASSWORD) == accounts["Trần Thị Bình"]
    assert auth.authenticate(loaded, "Trần Thị Bình", "wrong-password") is None
    assert auth.authenticate(loaded, "nobody", PASSWORD) is None
    assert auth.session_expired(time.time() - 61, 1) and not auth.session_expired(time.time() - 30, 1)


def run_cli(*args: str, stdin: str = "", config=None) -> subprocess.CompletedProcess:
    env = None
    if config is not None:
        import os
        env = {**os.environ, "OUTREACH_CONFIG": str(config)}
    return subprocess.run([sys.executable, "-m", "outreach", *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, timeout=120, env=env)


def test_users_command_adds_lists_and_sets_passwords_from_stdin(tmp_path):
    users = str(tmp_path / "users.toml")
    config = tmp_path / "outreach.toml"  # the audit log of the account changes goes beside its database
    config.write_text(f'[paths]\ndatabase = "{tmp_path / "outreach.duckdb"}"\n', encoding="utf-8")
    added = run_cli("users", "add", "lanh-dao", "--role", "leader", "--file", users, stdin=PASSWORD + "\n", config=config)
    assert added.returncode == 0, added.stderr
    assert run_cli("users", "add", "xa", "--role", "commune_officer", "--file", users, stdin=PASSWORD + "\n",
                   config=config).returncode == 1
    assert run_cli("users", "add", "x", "--role", "analyst", "--file", users, stdin="short\n", config=config).returncode == 1
    assert run_cli("users", "passwd", "lanh-dao", "--file", users, stdin="mat-khau-moi-2026\n",
                   config=config).returncode == 0
    assert [line.count('"account_changed"') for line in (tmp_path / "audit.jsonl").read_text().splitlines()] == [1, 1]
    listed = run_cli("users", "list", "--file", users, config=config)
    assert "lanh-dao" in listed.stdout and "leader" in listed.stdout and "$2b$" not in listed.stdout
    accounts = auth.load_accounts(tmp_path / "users.toml")
    assert auth.authenticate(accounts, "lanh-dao", "mat-khau-moi-2026") is not None
    assert auth.authenticate(accounts, "lanh-dao", PASSWORD) is None


@pytest.fixture(scope="module")
def access_config(fixture_database, tmp_path_factory):
    directory = tmp_path_factory.mktemp("access")
    users = directory / "users.toml"
    hashed = auth.hash_password(PASSWORD)
    auth.save_accounts(users, {
        "lanhdao": auth.Account("lanhdao", "leader", hashed),
        "phantich": auth.Account("phantich", "analyst", hashed),
        "canboxa": auth.Account("canboxa", "commune_officer", hashed, OFFICER_COMMUNE),
    })
    config = directory / "outreach.toml"
    config.write_text(f'[paths]\ndatabase = "{fixture_database}"\ndemo_dir = "{directory / "demo"}"\n\n'
                      f'[access]\nenabled = true\nusers_file = "{users}"\nsession_minutes = 30\n', encoding="utf-8")
    return config


def test_cli_export_runs_as_the_account(access_config, fixture_database, tmp_path):
    out = tmp_path / "map.csv"
    assert run_cli("export", "commune_map", "--db", str(fixture_database), "--out", str(out),
                   config=access_config).returncode == 1  # no --user
    wrong = run_cli("export", "commune_map", "--db", str(fixture_database), "--out", str(out), "--user", "canboxa",
                    stdin="wrong\n", config=access_config)
    assert wrong.returncode == 1 and "wrong" in wrong.stderr
    done = run_cli("export", "commune_map", "--db", str(fixture_database), "--out", str(out), "--user", "canboxa",
                   "--commune", "99001", "--start", "2024-01", stdin=PASSWORD + "\n", config=access_config)
    assert done.returncode == 0, done.stderr
    assert set(pd.read_csv(out, encoding="utf-8-sig", dtype=str)["commune_code"]) == {OFFICER_COMMUNE}
    refused = run_cli("export", "import_problems", "--db", str(fixture_database), "--out", str(out), "--user",
                      "canboxa", stdin=PASSWORD + "\n", config=access_config)
    assert refused.returncode == 1
    leader = run_cli("export", "feedback_contacts", "--db", str(fixture_database), "--out", str(out), "--user",
                     "lanhdao", stdin=PASSWORD + "\n", config=access_config)
    assert leader.returncode == 1 and "refused" in leader.stderr


# ---------------------------------------------------------------- pages

@pytest.fixture()
def signed_app(access_config, monkeypatch):
    monkeypatch.setenv("OUTREACH_CONFIG", str(access_config))
    from outreach.ui import results
    results.settings.clear()

    def make(user: str | None, login_at: float | None = None) -> AppTest:
        app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        if user:
            app.session_state["auth_user"] = user
            app.session_state["auth_login_at"] = time.time() if login_at is None else login_at
        return app
    return make


def test_sign_in_is_required_and_a_wrong_password_refused(signed_app):
    app = signed_app(None)
    app.run()
    assert not app.exception
    assert not cards(app)  # nothing of the data before signing in
    app.text_input(key="sign_in_user").input("phantich")
    app.text_input(key="sign_in_password").input("sai-mat-khau")
    app.button[0].click().run()
    assert "Sai tên đăng nhập hoặc mật khẩu." in [error.value for error in app.error]
    assert not cards(app)
    app.text_input(key="sign_in_user").input("phantich")
    app.text_input(key="sign_in_password").input(PASSWORD)
    app.button[0].click().run()
    assert not app.exception
    assert len(cards(app)) == 8 and app.session_state["auth_user"] == "phantich"


def test_an_expired_session_asks_again(signed_app):
    app = signed_app("phantich", login_at=time.time() - 31 * 60)
    app.run()
    assert not app.exception and not cards(app)
    assert any("hết hạn" in warning.value for warning in app.warning)
    assert app.text_input(key="sign_in_user")


PAGE_SCRIPTS = [script for script, _, _ in PAGES]


def page_texts(app: AppTest) -> set[str]:
    texts = set()
    for frame in app.dataframe:
        texts |= cells(frame.value)
    for kind in (app.markdown, app.caption):
        texts |= {str(getattr(element, "value", "")) for element in kind}
    for card in cards(app):
        texts |= {card.label, card.value, card.delta or "", card.help}
    return texts


TAB_KEYS = {"pages/1_bao_phu.py": "coverage_tab", "pages/2_y_kien.py": "feedback_tab", "pages/3_can_bo.py": "officials_tab",
            "pages/4_don_vi.py": "agency_tab", "pages/5_du_lieu.py": "data_tab"}


def each_section(app: AppTest, script: str):
    """The page at each of its sections in turn (a page draws only its open section)."""
    yield app
    key = TAB_KEYS.get(script)
    if key:
        for label in [tab.label for tab in app.tabs][1:]:
            app.session_state[key] = label
            app.run()
            assert not app.exception, (script, label, app.exception)
            yield app


@pytest.mark.parametrize("script", PAGE_SCRIPTS)
def test_commune_officer_pages_show_only_their_commune(signed_app, script):
    app = signed_app("canboxa")
    app.query_params["commune"] = "99001"  # a shared link of another commune
    app.query_params["sel"] = "99001"
    app.run()
    if script != "dashboard.py":
        app.switch_page(script).run()
    assert not app.exception, app.exception
    assert not app.error, [error.value for error in app.error]
    open_filters(app)
    assert app.selectbox(key="commune").value == OFFICER_COMMUNE and app.selectbox(key="commune").disabled
    assert app.selectbox(key="commune").options == [f"Xã Tân Phú ({OFFICER_COMMUNE})"]
    for section in each_section(app, script):
        assert not section.error, [error.value for error in section.error]
        for frame in section.dataframe:
            for column in commune_columns(frame.value):
                assert set(frame.value[column].dropna()) <= {OFFICER_COMMUNE}, (script, column)
        for chart in section.get("plotly_chart"):
            spec = chart.proto.spec
            for other in ("99001", "99003", "99004"):
                assert f'"{other}"' not in spec, (script, other)
        for view in svg_views(section):  # the map: the officer's commune only, in shapes and hover text
            for other in ("99001", "99003", "99004"):
                assert other not in view, (script, other)


@pytest.mark.parametrize("script", PAGE_SCRIPTS)
@pytest.mark.parametrize("user", ["lanhdao", "phantich"])
def test_leader_and_analyst_pages_show_no_citizen_name_or_phone(signed_app, script, user):
    names, phones = citizen_values()
    app = signed_app(user)
    app.run()
    if script != "dashboard.py":
        app.switch_page(script).run()
    assert not app.exception, app.exception
    assert not app.error, [error.value for error in app.error]
    for section in each_section(app, script):
        found = page_texts(section)
        assert not any(name in text for text in found for name in names | phones), (user, script)
