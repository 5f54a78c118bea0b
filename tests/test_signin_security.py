"""Sign-in security (issue 13, "Safe with citizens' data"): throttling with a lockout that holds
across sessions and restarts, the same time and message for an unknown name as for a known one, the
audit log (who, when, what; never a password or a citizen's data) shown to analysts only, sessions
ended by a password change, the CLI masking citizens' data when no settings file was read, and the
accounts file created 600 and refused when others may write it."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from outreach.config import load_settings
from outreach.query import audit, auth
from support import FIXTURE_EXPORT, ROOT, open_tab, cards

PASSWORD = "mat-khau-2025"
FAST = 4  # bcrypt cost of the test accounts (production hashes use auth.ROUNDS = 12)


def run_cli(*args: str, stdin: str = "", config=None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "OUTREACH_CONFIG"}
    if config is not None:
        env["OUTREACH_CONFIG"] = str(config)
    return subprocess.run([sys.executable, "-m", "outreach", *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, timeout=120, env=env)


def write_access(directory, database, *, enabled: bool = True, rounds: int = FAST, **access) -> dict:
    """Accounts and a config in `directory`: the audit log and the lockouts there too."""
    users = directory / "users.toml"
    hashed = auth.hash_password(PASSWORD, rounds=rounds)
    auth.save_accounts(users, {
        "lanhdao": auth.Account("lanhdao", "leader", hashed),
        "phantich": auth.Account("phantich", "analyst", hashed),
        "canboxa": auth.Account("canboxa", "commune_officer", hashed, "99002"),
    })
    settings = {"enabled": enabled, "users_file": str(users), "session_minutes": 30,
                "audit_file": str(directory / "audit.jsonl"), "lockout_file": str(directory / "lockouts.json"), **access}
    lines = [f'[paths]\ndatabase = "{database}"\ndemo_dir = "{directory / "demo"}"\n', "[access]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    config = directory / "outreach.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"config": config, "users": users, "audit": directory / "audit.jsonl", "lockouts": directory / "lockouts.json"}


def events(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


@pytest.fixture()
def setup(tmp_path, fixture_database, monkeypatch):
    files = write_access(tmp_path, fixture_database)
    monkeypatch.setenv("OUTREACH_CONFIG", str(files["config"]))
    return files


def access_of(config) -> auth.AccessSettings:
    return auth.access_settings(load_settings(config))


@pytest.fixture()
def app_for(setup):
    from outreach.ui import results
    results.settings.clear()

    def make() -> AppTest:
        return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    return make


def sign_in_form(app: AppTest, name: str, password: str) -> AppTest:
    app.text_input(key="sign_in_user").input(name)
    app.text_input(key="sign_in_password").input(password)
    app.button[0].click().run()
    return app


# ---------------------------------------------------------------- 1. throttling and lockout

def test_five_wrong_passwords_lock_the_name_and_the_lock_survives_a_restart(setup):
    access = access_of(setup["config"])
    accounts = auth.load_accounts(access.users_file)
    for attempt in range(4):
        result = auth.sign_in(access, accounts, "phantich", "sai-mat-khau", client="10.0.0.7", channel="web")
        assert result.account is None and not result.locked, attempt
    fifth = auth.sign_in(access, accounts, "phantich", "sai-mat-khau", client="10.0.0.7", channel="web")
    assert fifth.locked and 14 * 60 < fifth.locked_until - time.time() <= 15 * 60
    # The right password no longer works, from another client too, and after a restart (new settings, new process).
    assert auth.sign_in(access, accounts, "phantich", PASSWORD, client="10.0.0.8", channel="web").locked
    again = access_of(setup["config"])
    assert auth.sign_in(again, auth.load_accounts(again.users_file), "phantich", PASSWORD, client=None,
                        channel="web").locked
    cli = run_cli("export", "commune_map", "--out", str(setup["users"].with_name("x.csv")), "--user", "phantich",
                  stdin=PASSWORD + "\n", config=setup["config"])
    assert cli.returncode == 1 and "locked until" in cli.stderr
    assert (setup["lockouts"].stat().st_mode & 0o777) == 0o600
    # Another name is not locked; an unknown name locks the same way (a lockout tells nothing).
    assert auth.sign_in(access, accounts, "lanhdao", PASSWORD, client="10.0.0.8", channel="web").account
    for _ in range(5):
        unknown = auth.sign_in(access, accounts, "khong-co-ai", "sai-mat-khau", client="10.0.0.9", channel="web")
    assert unknown.locked
    # The lock ends after lockout_minutes.
    later = time.time() + 15 * 60 + 1
    assert access.throttle.locked_until("phantich", None, now=later) is None


def test_one_client_is_locked_after_many_names_and_the_limits_are_settings(tmp_path, fixture_database):
    files = write_access(tmp_path, fixture_database, max_failures=2, client_max_failures=4, lockout_minutes=5)
    access = access_of(files["config"])
    accounts = auth.load_accounts(access.users_file)
    assert not auth.sign_in(access, accounts, "phantich", "sai", client="10.1.1.1", channel="web").locked
    second = auth.sign_in(access, accounts, "phantich", "sai", client="10.1.1.1", channel="web")
    assert second.locked and second.locked_until - time.time() <= 5 * 60  # max_failures = 2, lockout_minutes = 5
    for name in ("a1", "a2"):
        last = auth.sign_in(access, accounts, name, "sai", client="10.1.1.1", channel="web")
    assert last.locked  # the client's fourth failure
    assert auth.sign_in(access, accounts, "lanhdao", PASSWORD, client="10.1.1.1", channel="web").locked
    assert auth.sign_in(access, accounts, "lanhdao", PASSWORD, client="10.2.2.2", channel="web").account


def test_the_sign_in_form_locks_and_says_when_to_retry(app_for, setup):
    app = app_for()
    app.run()
    # An unknown name and a wrong password get the same words (and take the same time, below).
    sign_in_form(app, "khong-co-ai", "sai-mat-khau")
    unknown = [error.value for error in app.error]
    sign_in_form(app, "phantich", "sai-mat-khau")
    assert unknown == [error.value for error in app.error] == ["Sai tên đăng nhập hoặc mật khẩu."]
    for _ in range(4):
        sign_in_form(app, "phantich", "sai-mat-khau")
    sign_in_form(app, "phantich", PASSWORD)
    assert not app.exception
    messages = [error.value for error in app.error]
    assert any("tạm thời bị khoá" in text and "Vui lòng thử lại sau" in text for text in messages), messages
    assert not cards(app) and "auth_user" not in app.session_state
    fresh = app_for()  # another browser session: still locked
    fresh.run()
    sign_in_form(fresh, "phantich", PASSWORD)
    assert any("thử lại sau" in error.value for error in fresh.error) and not cards(fresh)


# ---------------------------------------------------------------- 2. same time (and message, above)

def median_seconds(function, tries: int = 5) -> float:
    times = []
    for _ in range(tries):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def test_an_unknown_name_takes_as_long_as_a_wrong_password(tmp_path, fixture_database):
    files = write_access(tmp_path, fixture_database, rounds=auth.ROUNDS, max_failures=100, client_max_failures=100)
    access = access_of(files["config"])
    accounts = auth.load_accounts(access.users_file)
    known = median_seconds(lambda: auth.sign_in(access, accounts, "phantich", "sai-mat-khau", client=None,
                                                channel="web"))
    unknown = median_seconds(lambda: auth.sign_in(access, accounts, "khong-co-ai", "sai-mat-khau", client=None,
                                                  channel="web"))
    assert 0.5 <= unknown / known <= 2.0, (unknown, known)
    # The unknown name's check costs what the accounts' hashes cost, whatever that is.
    fast = {"x": auth.Account("x", "analyst", auth.hash_password(PASSWORD, rounds=FAST))}
    assert auth._dummy_hash(auth._usual_cost(fast)).startswith(b"$2b$04$")
    assert auth._dummy_hash(auth._usual_cost(accounts)).startswith(b"$2b$12$")


# ---------------------------------------------------------------- 3. audit log

def test_audit_record_and_read(tmp_path, fixture_database):
    files = write_access(tmp_path, fixture_database)
    settings = load_settings(files["config"])
    for number in range(5):
        audit.record("download", user="phantich", settings=settings, what=f"t{number}", rows=number,
                     password="bi-mat", citizen_name="Lê Văn Tám", citizen_phone="0912345678", summary="x\ny")
    text = files["audit"].read_text(encoding="utf-8")
    assert (files["audit"].stat().st_mode & 0o777) == 0o600
    assert "bi-mat" not in text and "Lê Văn Tám" not in text and "0912345678" not in text
    newest = audit.read(3, settings)
    assert [event["what"] for event in newest] == ["t4", "t3", "t2"]
    assert set(newest[0]) == {"at", "event", "user", "what", "rows"} and newest[0]["user"] == "phantich"
    assert len(audit.read(1000, settings)) == 5


def test_a_full_audit_log_is_rotated_and_read_on_across_its_files(tmp_path):
    config = tmp_path / "outreach.toml"
    config.write_text(f'[access]\naudit_file = "{tmp_path / "audit.jsonl"}"\naudit_max_mb = 0.004\naudit_keep = 2\n',
                      encoding="utf-8")
    settings = load_settings(config)
    line = len(json.dumps(audit.entry("download", "phantich", {"what": "x" * 100, "rows": 0}), ensure_ascii=False)) + 1
    total = 150  # about 150 lines of ~170 bytes: four files' worth of 4 KiB
    for number in range(total):
        audit.record("download", user="phantich", settings=settings, what=f"{number:03d}" + "x" * 97, rows=number)
    path = tmp_path / "audit.jsonl"
    files = sorted(tmp_path.glob("audit.jsonl*"))
    # The current file and two rotated ones; the oldest went; none over the limit; all 0600.
    assert [file.name for file in files if not file.name.endswith(".lock")] == \
        ["audit.jsonl", "audit.jsonl.1", "audit.jsonl.2"]
    assert all(file.stat().st_size <= 4096 and (file.stat().st_mode & 0o777) == 0o600 for file in files
               if not file.name.endswith(".lock"))
    kept = sum(len(file.read_text(encoding="utf-8").splitlines()) for file in (path, audit.rotated(path, 1),
                                                                               audit.rotated(path, 2)))
    assert total - kept > 0 and kept >= 2 * (4096 // line)
    # Read newest first, on into .1 and .2, in order and without a gap.
    rows = [event["rows"] for event in audit.read(1000, settings)]
    assert rows == list(range(total - 1, total - 1 - kept, -1))
    assert [event["rows"] for event in audit.read(5, settings)] == [149, 148, 147, 146, 145]


def test_sign_ins_failures_lockouts_and_sign_outs_are_logged_without_passwords(app_for, setup):
    app = app_for()
    app.run()
    sign_in_form(app, "khong-co-ai", "mot-mat-khau-sai")
    sign_in_form(app, "phantich", PASSWORD)
    assert app.session_state["auth_user"] == "phantich"
    app.button(key="sign_out").click().run()
    access = access_of(setup["config"])
    accounts = auth.load_accounts(access.users_file)
    for _ in range(5):
        auth.sign_in(access, accounts, "lanhdao", "sai-mat-khau-2", client="10.0.0.5", channel="web")
    found = events(setup["audit"])
    kinds = [event["event"] for event in found]
    assert kinds[:3] == ["sign_in_failed", "sign_in", "sign_out"], kinds
    assert found[0]["user"] is None and found[0]["name_known"] is False  # an unknown name is not written
    assert found[1]["user"] == "phantich" and found[1]["role"] == "analyst" and found[2]["user"] == "phantich"
    assert kinds.count("sign_in_failed") == 6 and "lockout" in kinds
    lockout = next(event for event in found if event["event"] == "lockout")
    assert lockout["user"] == "lanhdao" and lockout["client"] == "10.0.0.5" and lockout["until"]
    text = setup["audit"].read_text(encoding="utf-8")
    assert PASSWORD not in text and "mot-mat-khau-sai" not in text and "khong-co-ai" not in text
    assert "$2b$" not in text


def test_cli_export_and_import_are_logged(tmp_path, fixture_database):
    files = write_access(tmp_path, fixture_database, enabled=False)
    out = tmp_path / "contacts.csv"
    done = run_cli("export", "feedback_contacts", "--start", "2024-01", "--out", str(out), config=files["config"])
    assert done.returncode == 0, done.stderr
    rows = len(pd.read_csv(out, encoding="utf-8-sig"))
    database = tmp_path / "imported.duckdb"
    imported = run_cli("ingest", str(FIXTURE_EXPORT), "--db", str(database), "--quiet", config=files["config"])
    assert imported.returncode in (0, 2), imported.stderr
    found = events(files["audit"])
    export = next(event for event in found if event["event"] == "export")
    assert export["extract"] == "feedback_contacts" and export["rows"] == rows and export["personal"] is True
    assert export["channel"] == "cli" and export["os_user"]
    kinds = [event["event"] for event in found]
    assert kinds == ["export", "import_start", "import_end"], kinds
    end = found[-1]
    assert end["rows_loaded"] > 0 and end["exit_code"] in (0, 2) and "rows_rejected" in end
    text = files["audit"].read_text(encoding="utf-8")
    names = set(pd.read_csv(FIXTURE_EXPORT / "feedback.csv", dtype=str)["citizen_name"].dropna())
    assert not any(name in text for name in names)


@pytest.mark.parametrize("user,shown", [("phantich", True), ("lanhdao", False), ("canboxa", False)])
def test_the_data_page_shows_the_audit_log_to_analysts_only(app_for, setup, user, shown):
    audit.record("sign_in", user="phantich", role="analyst", client="10.0.0.1", settings=load_settings(setup["config"]))
    app = app_for()
    app.session_state["auth_user"] = user
    app.session_state["auth_login_at"] = time.time()
    app.run()
    app.switch_page("pages/5_du_lieu.py").run()
    assert not app.exception, app.exception
    labels = [tab.label for tab in app.tabs]
    assert ("Nhật ký truy cập" in labels) is shown, labels
    if shown:
        open_tab(app, "data_tab", "Nhật ký truy cập")
    tables = [frame.value for frame in app.dataframe if "event" in frame.value.columns and "client" in frame.value.columns]
    if shown:
        assert len(tables) == 1 and tables[0].iloc[0]["event"] == "Đăng nhập" and tables[0].iloc[0]["user"] == "phantich"
        assert tables[0].iloc[0]["client"] == "10.0.0.1"
    else:
        assert not tables


# ---------------------------------------------------------------- 4. a password change ends sessions

def test_a_password_change_ends_open_sessions(app_for, setup):
    app = app_for()
    app.run()
    sign_in_form(app, "phantich", PASSWORD)
    assert app.session_state["auth_user"] == "phantich" and cards(app)
    changed = run_cli("users", "passwd", "phantich", "--file", str(setup["users"]), stdin="mat-khau-moi-2026\n",
                      config=setup["config"])
    assert changed.returncode == 0, changed.stderr
    assert auth.load_accounts(setup["users"])["phantich"].password_changed
    app.run()
    assert not app.exception
    assert not cards(app) and app.text_input(key="sign_in_user")
    assert any("đã được đổi" in warning.value for warning in app.warning)
    assert "session_ended" in [event["event"] for event in events(setup["audit"])]
    sign_in_form(app, "phantich", "mat-khau-moi-2026")
    assert app.session_state["auth_user"] == "phantich" and cards(app)


def test_a_session_older_than_the_password_is_outdated():
    account = auth.Account("a", "analyst", "$2b$04$" + "x" * 53, password_changed=auth.now_stamp())
    assert auth.password_changed_since(account, time.time() - 60, None)
    assert not auth.password_changed_since(account, time.time() + 1, auth.session_key(account))
    assert auth.password_changed_since(account, time.time() + 1, "another-hash")


# ---------------------------------------------------------------- 5. no settings file, no personal data

@pytest.mark.parametrize("config", ["/dev/null", "missing", "empty"])
def test_cli_masks_citizens_without_a_settings_file(tmp_path, fixture_database, config):
    path = {"/dev/null": "/dev/null", "missing": str(tmp_path / "nowhere.toml"), "empty": str(tmp_path / "empty.toml")}[config]
    (tmp_path / "empty.toml").write_text("", encoding="utf-8")
    out = tmp_path / "contacts.csv"
    done = run_cli("export", "feedback_contacts", "--db", str(fixture_database), "--start", "2024-01",
                   "--out", str(out), config=path)
    assert done.returncode == 0, done.stderr
    names = set(pd.read_csv(out, encoding="utf-8-sig", dtype=str)["citizen_name"].dropna())
    assert "Lê Văn Tám" not in names and "Lê V*** T**" in names, names
    assert "masked" in done.stderr


def test_cli_refuses_a_settings_file_it_cannot_parse(tmp_path, fixture_database):
    bad = tmp_path / "bad.toml"
    bad.write_text("[access]\nenabled = tru\n", encoding="utf-8")
    out = tmp_path / "contacts.csv"
    done = run_cli("export", "feedback_contacts", "--db", str(fixture_database), "--out", str(out), config=bad)
    assert done.returncode == 1 and "cannot read the settings file" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


def test_a_real_settings_file_with_sign_in_off_keeps_the_local_user_unmasked(tmp_path, fixture_database):
    files = write_access(tmp_path, fixture_database, enabled=False)
    out = tmp_path / "contacts.csv"
    done = run_cli("export", "feedback_contacts", "--start", "2024-01", "--out", str(out), config=files["config"])
    assert done.returncode == 0, done.stderr
    assert "Lê Văn Tám" in set(pd.read_csv(out, encoding="utf-8-sig", dtype=str)["citizen_name"].dropna())
    assert not auth.access_settings(load_settings(tmp_path / "none.toml")).local_personal_data


# ---------------------------------------------------------------- 6. the accounts file's mode

def test_the_accounts_file_is_created_600_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        path = tmp_path / "new" / "users.toml"
        auth.save_accounts(path, {"a": auth.Account("a", "analyst", auth.hash_password(PASSWORD, rounds=FAST))})
    finally:
        os.umask(old)
    assert (path.stat().st_mode & 0o777) == 0o600
    assert (path.parent.stat().st_mode & 0o777) == 0o700


def test_a_writable_accounts_file_is_refused(app_for, setup):
    users = setup["users"]
    with users.open("a", encoding="utf-8") as handle:
        handle.write('\n[users.ke_la]\nrole = "analyst"\npersonal_data = true\n'
                     f'password_hash = "{auth.hash_password("mat-khau-ke-la", rounds=FAST)}"\n')
    os.chmod(users, 0o666)
    with pytest.raises(auth.UsersFileError, match="chmod 600"):
        auth.load_accounts(users)
    listed = run_cli("users", "list", "--file", str(users), config=setup["config"])
    assert listed.returncode == 1 and "group or others may write" in listed.stderr
    export = run_cli("export", "commune_map", "--out", str(users.with_name("x.csv")), "--user", "ke_la",
                     stdin="mat-khau-ke-la\n", config=setup["config"])
    assert export.returncode == 1 and "refusing the accounts file" in export.stderr
    app = app_for()
    app.run()
    assert not app.exception
    assert any("Không dùng tệp tài khoản" in error.value for error in app.error)
    assert not cards(app) and not app.text_input  # no sign-in form on a file anyone could have changed
    os.chmod(users, 0o600)
    assert "ke_la" in auth.load_accounts(users)
