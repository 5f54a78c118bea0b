"""Sign-in form, the signed-in account box and session expiry (accounts and roles: outreach.query.auth)."""

from __future__ import annotations

import time

import streamlit as st

from outreach.i18n import t
from outreach.query import auth


def signed_in(access: auth.AccessSettings, lang: str) -> auth.Account | None:
    """None when sign-in is off; else the signed-in account, or the sign-in form and stop."""
    if not access.enabled:
        return None
    name, login_at = st.session_state.get("auth_user"), st.session_state.get("auth_login_at")
    accounts = auth.load_accounts(access.users_file)
    notice = None
    if name is not None:
        account = accounts.get(name)
        if account is not None and not auth.session_expired(login_at, access.session_minutes):
            return account  # re-read each run: a removed account or a changed role applies at once
        notice = t("acc_expired", lang) if account is not None else None
        for key in ("auth_user", "auth_login_at"):
            st.session_state.pop(key, None)
    _sign_in_form(accounts, lang, notice)
    st.stop()


def _sign_in_form(accounts: dict[str, auth.Account], lang: str, notice: str | None) -> None:
    st.title(t("app_title", lang))
    if notice:
        st.warning(notice, icon=":material/timer_off:")
    with st.form("sign_in", border=True):
        st.subheader(t("acc_sign_in_title", lang))
        name = st.text_input(t("acc_user", lang), key="sign_in_user")
        password = st.text_input(t("acc_password", lang), type="password", key="sign_in_password")
        submitted = st.form_submit_button(t("acc_sign_in", lang), type="primary", icon=":material/login:")
    if submitted:
        account = auth.authenticate(accounts, name, password)
        if account is None:
            st.error(t("acc_wrong", lang), icon=":material/lock:")
        else:
            st.session_state["auth_user"] = account.name
            st.session_state["auth_login_at"] = time.time()
            st.session_state.pop("sign_in_password", None)
            st.rerun()
    st.caption(t("acc_sign_in_help", lang))


def account_box(account: auth.Account, lang: str) -> None:
    role = t("acc_role_" + account.role, lang)
    where = f" · {account.commune}" if account.commune else ""
    st.caption(t("acc_signed_in_as", lang, name=account.name, role=role + where))
    if st.button(t("acc_sign_out", lang), key="sign_out", icon=":material/logout:", type="tertiary"):
        for key in ("auth_user", "auth_login_at"):
            st.session_state.pop(key, None)
        st.rerun()
