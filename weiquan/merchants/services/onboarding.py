"""Onboarding and re-verification applications: declare identity, upload licences, submit, review.

Application states: draft -> submitted -> (needs_info -> submitted)* -> approved | rejected. An application cannot be
approved while a licence its category requires is missing, not yet valid or expired (`missing_requirements`).
"""

import hashlib
import secrets
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from weiquan.accounts.models import Role
from weiquan.accounts.services import username_problem
from weiquan.merchants import uscc, workflow
from weiquan.merchants.event_types import GovernanceEventType
from weiquan.merchants.events import record_event
from weiquan.merchants.models import (
    ApplicationKind,
    ApplicationState,
    CategoryRule,
    Licence,
    LicenceKind,
    Merchant,
    MerchantApplication,
    MerchantStatus,
    PenaltySource,
)
from weiquan.merchants.services.common import (
    GovernanceError,
    calendar,
    lock_merchant,
    notice_merchant,
    require_governance,
    text,
    today,
)
from weiquan.merchants.services.status import merchant_transition, penalties_lift_automatic

VERIFY_RULE = "R-PLAT-VERIFY"
VERIFY_6M_RULE = "R-PLAT-VERIFY-6M"
REVERIFICATION_MONTHS = 6
LICENCE_TYPES = {  # extension -> (content type, first bytes)
    ".pdf": ("application/pdf", b"%PDF-"), ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"), ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
}
IDENTITY_FIELDS = ("shop_name", "legal_name", "uscc", "legal_representative", "registered_address",
                   "operating_address", "service_phone", "contact_name", "contact_phone", "contact_email", "category")
EDITABLE_STATES = (ApplicationState.DRAFT, ApplicationState.NEEDS_INFO)


def clean_identity(data: dict) -> dict:
    """Validated identity fields; the credit code by its GB 32100-2015 check character."""
    clean = {
        "shop_name": text(data.get("shop_name"), "shop_name", max_length=200),
        "legal_name": text(data.get("legal_name"), "legal_name", max_length=200),
        "legal_representative": text(data.get("legal_representative"), "legal_representative", max_length=100),
        "registered_address": text(data.get("registered_address"), "registered_address", max_length=300),
        "operating_address": text(data.get("operating_address"), "operating_address", max_length=300),
        "service_phone": text(data.get("service_phone"), "service_phone", required=False, max_length=32),
        "contact_name": text(data.get("contact_name"), "contact_name", max_length=100),
        "contact_phone": text(data.get("contact_phone"), "contact_phone", max_length=32),
        "contact_email": text(data.get("contact_email"), "contact_email", required=False, max_length=254),
        "category": text(data.get("category"), "category", max_length=64),
    }
    try:
        clean["uscc"] = uscc.validate(data.get("uscc") or "")
    except uscc.InvalidUscc as exc:
        raise GovernanceError(f"uscc_{exc.problem.code}", exc.message, field="uscc") from exc
    if clean["contact_email"]:
        try:
            validate_email(clean["contact_email"])
        except ValidationError as exc:
            raise GovernanceError("invalid", "contact_email is not an e-mail address", field="contact_email") from exc
    if not CategoryRule.objects.filter(code=clean["category"]).exists():
        raise GovernanceError("invalid", "category is not one of the platform's categories", field="category")
    return clean


def _may_edit(actor, application: MerchantApplication) -> bool:
    own = getattr(actor, "is_merchant_staff", False) and actor.merchant_id == application.merchant_id
    return own or workflow.actor_kind(actor) == workflow.COMPLIANCE


def _get_for(actor, application_id: int) -> MerchantApplication:
    application = MerchantApplication.objects.filter(pk=application_id).first()
    if application is None or not _may_edit(actor, application):
        raise GovernanceError("not_found", "application not found", status=404)
    return application


def _refuse_uscc_in_use(code: str, *, merchant_id: int | None) -> None:
    """One business, one open application: the same USCC may not be under review for two merchants at once."""
    active = MerchantApplication.objects.filter(uscc=code, state__in=[*EDITABLE_STATES, ApplicationState.SUBMITTED])
    if merchant_id is not None:
        active = active.exclude(merchant_id=merchant_id)
    if active.exists():
        raise GovernanceError("uscc_in_use", "another open application has this unified social credit code",
                              field="uscc", status=409)


def merchant_signup(*, username: str, password: str, email: str, identity: dict) -> tuple:
    """A new merchant applies: an account for its first staff member, the merchant (applying) and a draft."""
    username = text(username, "username", min_length=3, max_length=150)
    User = get_user_model()
    problem = username_problem(username)  # the consumers' rule: same characters, unique whatever the case
    if problem == "taken":
        raise GovernanceError("username_taken", "this username is taken", field="username")
    if problem:
        raise GovernanceError("invalid", "a username is 3-150 letters, digits or @/./+/-/_", field="username")
    email = text(email, "email", max_length=254)
    try:
        validate_email(email)
    except ValidationError as exc:
        raise GovernanceError("invalid", "email is not an e-mail address", field="email") from exc
    clean = clean_identity(identity)
    _refuse_uscc_in_use(clean["uscc"], merchant_id=None)
    try:
        password_validation.validate_password(password, User(username=username, email=email))
    except ValidationError as exc:
        raise GovernanceError("weak_password", " ".join(exc.messages), field="password") from exc
    try:
        with transaction.atomic():
            merchant = Merchant.objects.create(
                external_id=f"apply-{secrets.token_hex(6)}", name=clean["shop_name"], legal_name=clean["legal_name"],
                uscc=clean["uscc"], category=clean["category"], status=MerchantStatus.APPLYING,
            )
            user = User.objects.create_user(username=username, password=password, email=email, role=Role.MERCHANT,
                                            merchant=merchant)
            application = MerchantApplication.objects.create(merchant=merchant, created_by=user, **clean)
            record_event(merchant, type=GovernanceEventType.APPLICATION_CREATED, actor=user,
                         data={"application": application.pk, "kind": application.kind})
    except IntegrityError:  # a concurrent sign-up won the race for this code (or the username): nothing was kept
        _refuse_uscc_in_use(clean["uscc"], merchant_id=None)
        if username_problem(username) == "taken":
            raise GovernanceError("username_taken", "this username is taken", field="username") from None
        raise
    return user, application


def application_create(*, actor, merchant_id: int, identity: dict,
                       kind: str = ApplicationKind.ONBOARDING) -> MerchantApplication:
    """A new application for an existing merchant (a rejected applicant trying again, or staff on its behalf)."""
    clean = clean_identity(identity)
    with transaction.atomic():
        merchant = lock_merchant(merchant_id)
        own = getattr(actor, "is_merchant_staff", False) and actor.merchant_id == merchant.pk
        if not own and workflow.actor_kind(actor) != workflow.COMPLIANCE:
            raise GovernanceError("not_found", "merchant not found", status=404)
        if merchant.applications.filter(state__in=[*EDITABLE_STATES, ApplicationState.SUBMITTED]).exists():
            raise GovernanceError("application_open", "this merchant already has an open application", status=409)
        _refuse_uscc_in_use(clean["uscc"], merchant_id=merchant.pk)
        if kind == ApplicationKind.ONBOARDING and merchant.status != MerchantStatus.APPLYING:
            raise GovernanceError("already_onboarded", "the merchant is not applying to join", status=409)
        application = MerchantApplication.objects.create(merchant=merchant, kind=kind, created_by=actor, **clean)
        record_event(merchant, type=GovernanceEventType.APPLICATION_CREATED, actor=actor,
                     data={"application": application.pk, "kind": kind})
    return application


def application_update(*, actor, application_id: int, identity: dict) -> MerchantApplication:
    clean = clean_identity(identity)
    with transaction.atomic():
        application = _get_for(actor, application_id)
        merchant = lock_merchant(application.merchant_id)
        application = MerchantApplication.objects.select_for_update().get(pk=application_id)
        if application.state not in EDITABLE_STATES:
            raise GovernanceError("not_editable", "only a draft or an application asked for more can be changed",
                                  status=409)
        changed = sorted(k for k, v in clean.items() if getattr(application, k) != v)
        for key, value in clean.items():
            setattr(application, key, value)
        application.save()
        if changed:
            record_event(merchant, type=GovernanceEventType.APPLICATION_UPDATED, actor=actor,
                         data={"application": application.pk, "fields": changed})
    return application


def _check_file(name: str, content: bytes) -> tuple[str, str]:
    if not content:
        raise GovernanceError("empty_file", "the file is empty", field="file")
    if len(content) > settings.EVIDENCE_MAX_BYTES:
        raise GovernanceError("file_too_large", f"files may be at most {settings.EVIDENCE_MAX_BYTES} bytes",
                              field="file")
    clean_name = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:255]
    ext = ("." + clean_name.rsplit(".", 1)[-1].lower()) if "." in clean_name else ""
    if ext not in LICENCE_TYPES:
        raise GovernanceError("file_type", "licence scans must be PDF, JPEG or PNG", field="file")
    content_type, magic = LICENCE_TYPES[ext]
    if not content.startswith(magic):
        raise GovernanceError("file_type", "the file's content does not match its type", field="file")
    return clean_name, content_type


def licence_add(*, actor, application_id: int, kind: str, number: str, issuer: str, valid_from: date,
                valid_until: date | None, name: str, content: bytes) -> Licence:
    """Attach a scanned licence to an open application; it supersedes the merchant's current one of that kind."""
    licence_kind = LicenceKind.objects.filter(code=kind).first()
    if licence_kind is None:
        raise GovernanceError("invalid", "kind is not a known licence type", field="kind")
    number = text(number, "number", max_length=64)
    issuer = text(issuer, "issuer", max_length=200)
    if not isinstance(valid_from, date):
        raise GovernanceError("invalid", "valid_from must be a date", field="valid_from")
    if valid_until is not None and valid_until < valid_from:
        raise GovernanceError("invalid", "valid_until cannot be before valid_from", field="valid_until")
    clean_name, content_type = _check_file(name, content)
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        application = _get_for(actor, application_id)
        merchant = lock_merchant(application.merchant_id)
        application = MerchantApplication.objects.select_for_update().get(pk=application_id)
        if application.state not in EDITABLE_STATES:
            raise GovernanceError("not_editable", "licences are added to a draft or to an application asked for more",
                                  status=409)
        licence = Licence(
            merchant=merchant, application=application, kind=licence_kind, number=number, issuer=issuer,
            valid_from=valid_from, valid_until=valid_until, original_name=clean_name, content_type=content_type,
            size=len(content), sha256=digest, uploaded_by=actor,
        )
        licence.file.save(digest, ContentFile(content), save=False)
        licence.save()
        older = list(merchant.licences.filter(kind=licence_kind, superseded_by__isnull=True).exclude(pk=licence.pk)
                     .values_list("pk", flat=True))
        Licence.objects.filter(pk__in=older).update(superseded_by=licence)
        record_event(merchant, type=GovernanceEventType.LICENCE_ADDED, actor=actor, rule_id=VERIFY_RULE, data={
            "application": application.pk, "licence": licence.pk, "kind": kind, "number": number, "issuer": issuer,
            "valid_from": valid_from, "valid_until": valid_until, "sha256": digest, "size": len(content),
            "supersedes": older})
    return licence


def required_kinds(category: str) -> list[LicenceKind]:
    rule = CategoryRule.objects.filter(code=category).prefetch_related("required_licences").first()
    kinds = {k.pk: k for k in LicenceKind.objects.filter(always_required=True)}
    if rule:
        kinds.update({k.pk: k for k in rule.required_licences.all()})
    return sorted(kinds.values(), key=lambda k: (not k.always_required, k.code))


def missing_requirements(application: MerchantApplication, *, on: date | None = None,
                         required: list[LicenceKind] | None = None) -> list[dict]:
    """Why the application cannot be approved yet: each problem with a code, the licence kind and a label.

    A list page passes `required` (one lookup per category) and prefetches `merchant__licences__kind`."""
    on = on or today()
    problems: list[dict] = []
    if not uscc.is_valid(application.uscc):
        problems.append({"code": "uscc_invalid", "kind": None, "label": application.uscc})
    if required is None:
        if not application.category:
            problems.append({"code": "category_missing", "kind": None, "label": ""})
        elif not CategoryRule.objects.filter(code=application.category).exists():
            problems.append({"code": "unknown_category", "kind": None, "label": application.category})
        required = required_kinds(application.category)
    current: dict[str, Licence | None] = {}
    for licence in application.merchant.licences.all():
        if licence.superseded_by_id is None:
            current[licence.kind.code] = licence
    for kind in required:
        found = current.get(kind.code)
        if found is None:
            problems.append({"code": "licence_missing", "kind": kind.code, "label": kind.name, "label_en": kind.name_en})
        elif found.valid_from > on:
            problems.append({"code": "licence_not_yet_valid", "kind": kind.code, "label": kind.name, "label_en": kind.name_en,
                             "licence": found.pk})
        elif found.valid_until is not None and found.valid_until < on:
            problems.append({"code": "licence_expired", "kind": kind.code, "label": kind.name, "label_en": kind.name_en, "licence": found.pk})
    return problems


def application_submit(*, actor, application_id: int) -> MerchantApplication:
    with transaction.atomic():
        application = _get_for(actor, application_id)
        merchant = lock_merchant(application.merchant_id)
        application = MerchantApplication.objects.select_for_update().get(pk=application_id)
        if application.state not in EDITABLE_STATES:
            raise GovernanceError("not_editable", "only a draft or an application asked for more can be submitted",
                                  status=409)
        old = application.state
        application.state, application.submitted_at = ApplicationState.SUBMITTED, timezone.now()
        application.save(update_fields=["state", "submitted_at", "updated_at"])
        open_problems = missing_requirements(application)
        record_event(merchant, type=GovernanceEventType.APPLICATION_SUBMITTED, actor=actor, rule_id=VERIFY_RULE,
                     old={"state": old}, new={"state": application.state},
                     data={"application": application.pk, "open_problems": [p["code"] for p in open_problems]})
    return application


def _approve(application: MerchantApplication, merchant: Merchant, actor, reasons: str) -> None:
    problems = missing_requirements(application)
    if problems:
        raise GovernanceError("requirements_missing", "the application lacks licences its category requires",
                              status=409, details=problems)
    now = timezone.now()
    application.state, application.reviewer, application.decided_at = ApplicationState.APPROVED, actor, now
    application.decision_reasons = reasons
    application.save()
    for key in ("legal_name", "uscc", "legal_representative", "registered_address", "operating_address",
                "service_phone", "contact_name", "contact_phone", "contact_email", "category"):
        setattr(merchant, key, getattr(application, key))
    merchant.name = application.shop_name
    verified_on = timezone.localdate(now)
    merchant.last_verified_on = verified_on
    # R-PLAT-VERIFY-6M: verify again within 6 months (R-CAL-MONTH: 08-31 + 6 months = 02-28).
    merchant.reverification_due_on = calendar().add_months(verified_on, REVERIFICATION_MONTHS)
    merchant.save()
    record_event(merchant, type=GovernanceEventType.APPLICATION_APPROVED, actor=actor, rule_id=VERIFY_6M_RULE,
                 old={"state": ApplicationState.SUBMITTED}, new={"state": ApplicationState.APPROVED},
                 data={"application": application.pk, "kind": application.kind, "reasons": reasons,
                       "verified_on": verified_on, "next_due_on": merchant.reverification_due_on})
    if merchant.status == MerchantStatus.APPLYING:
        from weiquan.merchants.services.deposits import deposit_open_account

        deposit_open_account(merchant=merchant)  # before the status event, which commits the new account
        merchant_transition(merchant, actor=actor, action="approve", rule_id=VERIFY_RULE,
                            reason=reasons or "资质审核通过")


def application_review(*, actor, application_id: int, decision: str, reasons: str = "",
                       requested_items: list[str] | None = None, note: str = "") -> MerchantApplication:
    """A compliance officer approves, rejects with reasons, or asks for more (named licences and/or a note)."""
    require_governance(actor)
    if decision not in ("approve", "reject", "request_info"):
        raise GovernanceError("invalid", "decision must be approve, reject or request_info", field="decision")
    reasons = text(reasons, "reasons", required=decision == "reject", min_length=2, max_length=5000)
    note = text(note, "note", required=False, max_length=2000)
    items = [str(i) for i in (requested_items or [])]
    if decision == "request_info":
        known = set(LicenceKind.objects.filter(code__in=items).values_list("code", flat=True))
        if set(items) - known:
            raise GovernanceError("invalid", f"unknown licence kinds {sorted(set(items) - known)}",
                                  field="requested_items")
        if not items and not note:
            raise GovernanceError("required", "name the missing licences or write what is needed", field="note")
    lifted_sources: list[str] = []
    with transaction.atomic():
        application = MerchantApplication.objects.filter(pk=application_id).first()
        if application is None:
            raise GovernanceError("not_found", "application not found", status=404)
        merchant = lock_merchant(application.merchant_id)
        application = MerchantApplication.objects.select_for_update().get(pk=application_id)
        if application.state != ApplicationState.SUBMITTED:
            raise GovernanceError("not_submitted", "only a submitted application is reviewed", status=409)
        if decision == "approve":
            _approve(application, merchant, actor, reasons)
            if application.kind == ApplicationKind.REVERIFICATION:
                lifted_sources = [PenaltySource.REVERIFICATION_LAPSED, PenaltySource.LICENCE_EXPIRED]
        elif decision == "reject":
            application.state, application.reviewer = ApplicationState.REJECTED, actor
            application.decided_at, application.decision_reasons = timezone.now(), reasons
            application.save()
            record_event(merchant, type=GovernanceEventType.APPLICATION_REJECTED, actor=actor, rule_id=VERIFY_RULE,
                         old={"state": ApplicationState.SUBMITTED}, new={"state": application.state},
                         data={"application": application.pk, "reasons": reasons})
            notice_merchant(merchant, kind="application_rejected", dedupe_key=f"app-rejected:{application.pk}",
                            data={"application": application.pk, "reasons": reasons})
        else:
            application.state, application.reviewer = ApplicationState.NEEDS_INFO, actor
            application.requested_items, application.request_note = items, note
            application.save()
            record_event(merchant, type=GovernanceEventType.APPLICATION_INFO_REQUESTED, actor=actor,
                         rule_id=VERIFY_RULE,
                         old={"state": ApplicationState.SUBMITTED}, new={"state": application.state},
                         data={"application": application.pk, "requested_items": items, "note": note})
            notice_merchant(merchant, kind="application_info_requested",
                            dedupe_key=f"app-info:{application.pk}:{merchant.event_count}",
                            data={"application": application.pk, "items": items, "note": note})
        if lifted_sources:
            penalties_lift_automatic(merchant_id=merchant.pk, sources=lifted_sources, reason="已完成资质核验")
    return application
