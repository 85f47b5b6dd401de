"""The registry of external bodies: staff add and edit bodies, issue their credentials and add their people.

Credentials are shown once: the integration token (for `POST /api/v1/transfers/in` and the status API) and the
secret that signs the status messages sent to the body. Only the token's hash and prefix are stored, and the secret
is stored encrypted and never displayed again; a lost credential is replaced by issuing a new one, which revokes the
old token at once. Every change is logged with who made it (`BodyChange`)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from weiquan.accounts.models import ApiToken, Role
from weiquan.accounts.services import token_create, username_problem

from ..models import AgencyMembership, Body, BodyChange, BodyKind
from .common import AgencyError

EDITABLE = ("name", "kind", "region", "contact_name", "contact_phone", "contact_email", "webhook_url",
            "answer_working_days", "active")
CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")


def may_edit_bodies(user) -> bool:
    """The registry is kept by administrators and compliance staff (who deal with regulators); other staff read it."""
    return bool(getattr(user, "is_superuser", False) or getattr(user, "role", None) in (Role.ADMIN, Role.COMPLIANCE))


def _check_editor(actor) -> None:
    if not may_edit_bodies(actor):
        raise AgencyError(_("只有管理员和合规专员可以维护外部机构登记"), code="forbidden", status=403)


@dataclass(frozen=True)
class Credentials:
    """What is shown once, right after it was issued."""

    account: str
    token: str = ""
    webhook_secret: str = ""


def _integration_account(body: Body):
    return (get_user_model().objects.filter(agency_membership__body=body, role=Role.AGENCY_API)
            .order_by("pk").first())


def _issue_token(body: Body) -> tuple[str, str]:
    """Revoke the integration account's tokens and issue one new one (creating the account the first time)."""
    account = _integration_account(body)
    if account is None:
        account = get_user_model().objects.create(username=f"body-{body.code}"[:150], role=Role.AGENCY_API)
        account.set_unusable_password()
        account.save(update_fields=["password"])
        AgencyMembership.objects.create(user=account, body=body)
    ApiToken.objects.filter(user=account, revoked=False).update(revoked=True)
    return account.username, token_create(user=account, name=f"{body.code} integration")


def _clean(data: dict) -> dict:
    values = {key: data[key] for key in EDITABLE if key in data}
    if "kind" in values and values["kind"] not in BodyKind.values:
        raise AgencyError(_("请选择机构类型"), field="kind")
    for key in ("name", "region"):
        if key in values and not str(values[key] or "").strip():
            raise AgencyError(_("此项必填"), field=key)
    days = values.get("answer_working_days")
    if days is not None and not (1 <= int(days) <= 60):
        raise AgencyError(_("答复时限应在 1 至 60 个工作日之间"), field="answer_working_days")
    return values


def _log(body: Body, actor, what: str, fields: list[str] | None = None) -> None:
    BodyChange.objects.create(body=body, actor=actor, what=what, fields=sorted(fields or []))


def body_create(*, actor, code: str, data: dict) -> tuple[Body, Credentials]:
    """A new body with its integration account, token and signing secret (all shown once)."""
    _check_editor(actor)
    code = (code or "").strip().lower()
    if not CODE.match(code):
        raise AgencyError(_("机构代码由 2 至 40 个小写字母、数字或连字符组成"), field="code")
    values = _clean(data)
    try:
        with transaction.atomic():
            body = Body.objects.create(code=code, webhook_secret=secrets.token_urlsafe(32), **values)
            username, token = _issue_token(body)
            _log(body, actor, BodyChange.What.CREATED, list(values))
    except IntegrityError:
        raise AgencyError(_("已有使用该代码的机构"), field="code", code="conflict", status=409) from None
    return body, Credentials(account=username, token=token, webhook_secret=body.webhook_secret)


@transaction.atomic
def body_update(*, actor, body: Body, data: dict) -> list[str]:
    """Change what staff may change (never the code: bodies quote it in their API paths). Returns the changed fields."""
    _check_editor(actor)
    values = _clean(data)
    body = Body.objects.select_for_update().get(pk=body.pk)
    changed = [key for key, value in values.items() if getattr(body, key) != value]
    if changed:
        for key in changed:
            setattr(body, key, values[key])
        body.save(update_fields=changed)
        _log(body, actor, BodyChange.What.UPDATED, changed)
    return changed


@transaction.atomic
def body_token_rotate(*, actor, body: Body) -> Credentials:
    """A new integration token; the old one stops working at once."""
    _check_editor(actor)
    body = Body.objects.select_for_update().get(pk=body.pk)
    username, token = _issue_token(body)
    _log(body, actor, BodyChange.What.TOKEN_ISSUED)
    return Credentials(account=username, token=token)


@transaction.atomic
def body_secret_rotate(*, actor, body: Body) -> Credentials:
    """A new secret for signing the status messages to the body; messages sent from now on use it."""
    _check_editor(actor)
    body = Body.objects.select_for_update().get(pk=body.pk)
    body.webhook_secret = secrets.token_urlsafe(32)
    body.save(update_fields=["webhook_secret"])
    _log(body, actor, BodyChange.What.SECRET_ISSUED)
    account = _integration_account(body)
    return Credentials(account=account.username if account else "", webhook_secret=body.webhook_secret)


def body_person_add(*, actor, body: Body, username: str, display_name: str, email: str = "") -> tuple[object, str]:
    """An account for one of the body's people (role agency, bound to the body), with a first password shown once."""
    _check_editor(actor)
    username = (username or "").strip()
    problem = username_problem(username)
    if problem:
        message = _("该用户名已被使用") if problem == "taken" else _("用户名为 3 至 150 个字母、数字或 @/./+/-/_")
        raise AgencyError(message, field="username")
    if not (display_name or "").strip():
        raise AgencyError(_("此项必填"), field="display_name")
    password = secrets.token_urlsafe(12)
    try:
        with transaction.atomic():
            user = get_user_model().objects.create(username=username, role=Role.AGENCY, email=(email or "").strip(),
                                                   display_name=display_name.strip())
            user.set_password(password)
            user.save(update_fields=["password"])
            AgencyMembership.objects.create(user=user, body=body)
            _log(body, actor, BodyChange.What.PERSON_ADDED, ["username"])
    except IntegrityError:
        raise AgencyError(_("该用户名已被使用"), field="username", code="conflict", status=409) from None
    return user, password


def body_credentials_state(body: Body) -> dict:
    """What the registry may show about the credentials: never the token or the secret themselves."""
    account = _integration_account(body)
    token = (ApiToken.objects.filter(user=account, revoked=False).order_by("-created_at").first()
             if account else None)
    return {"account": account.username if account else "", "token_prefix": token.prefix if token else "",
            "token_issued_at": token.created_at if token else None,
            "token_last_used_at": token.last_used_at if token else None, "has_secret": bool(body.webhook_secret)}
