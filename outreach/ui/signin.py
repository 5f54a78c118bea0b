"""Sign-in form, the signed-in account box, session expiry and the audit trail of a session
(accounts, roles and throttling: outreach.query.auth; the log: outreach.query.audit)."""

from __future__ import annotations

import datetime as dt
import math
import time
from typing import Any

import streamlit as st

from outreach.i18n import t
from outreach.query import audit, auth

_SESSION_KEYS = ("auth_user", "auth_login_at", "auth_key")


def signed_in(access: auth.AccessSettings, lang: str) -> auth.Account | None:
    """None when sign-in is off; else the signed-in account, or the sign-in form and stop."""
    if not access.enabled:
        if access.config_problem:
            st.sidebar.caption(t("acc_config_masked", lang, problem=access.config_problem))
        return None
    try:
        accounts = auth.load_accounts(access.users_file)
    except auth.UsersFileError as error:
        # Whoever could change the file could have added an account: nobody signs in until it is fixed.
        st.title(t("app_title", lang))
        st.error(t("acc_users_file_" + error.reason, lang, path=str(error.path)), icon=":material/gpp_bad:")
        st.caption(str(error))
        st.stop()
    name, login_at = st.session_state.get("auth_user"), st.session_state.get("auth_login_at")
    notice = None
    if name is not None:
        account = accounts.get(name)
        if account is not None and auth.password_changed_since(account, login_at, st.session_state.get("auth_key")):
            notice = t("acc_password_changed", lang)
            audit.record("session_ended", user=name, reason="password_changed", client=client_address(access),
                         settings=access.settings)
        elif account is not None and not auth.session_expired(login_at, access.session_minutes):
            return account  # re-read each run: a removed account or a changed role applies at once
        elif account is not None:
            notice = t("acc_expired", lang)
            audit.record("session_ended", user=name, reason="expired", client=client_address(access),
                         settings=access.settings)
        for key in _SESSION_KEYS:
            st.session_state.pop(key, None)
    _sign_in_form(access, accounts, lang, notice)
    st.stop()


def client_address(access: auth.AccessSettings) -> str | None:
    """The client's address: the configured proxy header ([access] client_header) when set and
    present, else the connection's (None on a loopback connection)."""
    if access.client_header:
        value = st.context.headers.get(access.client_header)
        if isinstance(value, str) and value.strip():
            return value.split(",")[0].strip()[:64] or None
    address = st.context.ip_address
    return address[:64] if isinstance(address, str) and address else None


def _retry_text(until: float, lang: str) -> str:
    when = dt.datetime.fromtimestamp(until)
    minutes = max(1, math.ceil((until - time.time()) / 60))
    shown = f"{when:%H:%M}" if when.date() == dt.date.today() else f"{when:%H:%M %d/%m/%Y}"
    return t("acc_locked", lang, time=shown, minutes=minutes)


def _sign_in_form(access: auth.AccessSettings, accounts: dict[str, auth.Account], lang: str,
                  notice: str | None) -> None:
    st.title(t("app_title", lang))
    if notice:
        st.warning(notice, icon=":material/timer_off:")
    with st.form("sign_in", border=True):
        st.subheader(t("acc_sign_in_title", lang))
        name = st.text_input(t("acc_user", lang), key="sign_in_user")
        password = st.text_input(t("acc_password", lang), type="password", key="sign_in_password")
        submitted = st.form_submit_button(t("acc_sign_in", lang), type="primary", icon=":material/login:")
    if submitted:
        result = auth.sign_in(access, accounts, name, password, client=client_address(access), channel="web")
        if result.account is not None:
            st.session_state["auth_user"] = result.account.name
            st.session_state["auth_login_at"] = time.time()
            st.session_state["auth_key"] = auth.session_key(result.account)
            st.session_state.pop("sign_in_password", None)
            st.rerun()
        # One message whether the name exists or not; a lockout says when to try again.
        st.error(_retry_text(result.locked_until, lang) if result.locked else t("acc_wrong", lang),
                 icon=":material/lock:")
    st.caption(t("acc_sign_in_help", lang))


def audit_who() -> dict[str, Any]:
    """Who this session is, for audit.record (user, client, channel, settings): taken now, so a
    callable run later (a download button's file, built when clicked) still records its session."""
    from outreach.ui.results import settings

    config = settings()
    access = auth.access_settings(config)
    user = st.session_state.get("auth_user") if access.enabled else None
    return {"user": user, "client": client_address(access), "channel": "web", "settings": config}


def audit_event(event: str, **details: Any) -> None:
    """Record an event of this session in the audit log (user and client filled in), e.g. from a
    download: audit_event("download", what="feedback_contacts", rows=1200, personal=False)."""
    audit.record(event, **audit_who(), **details)


def account_box(account: auth.Account, lang: str) -> None:
    role = t("acc_role_" + account.role, lang)
    where = f" · {account.commune}" if account.commune else ""
    st.caption(t("acc_signed_in_as", lang, name=account.name, role=role + where))
    if st.button(t("acc_sign_out", lang), key="sign_out", icon=":material/logout:", type="tertiary"):
        audit_event("sign_out")
        for key in _SESSION_KEYS:
            st.session_state.pop(key, None)
        st.rerun()
