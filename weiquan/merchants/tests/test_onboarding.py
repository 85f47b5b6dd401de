from datetime import date, timedelta

import pytest
from django.utils import timezone

from weiquan.merchants import services
from weiquan.merchants.events import verify_merchant_chain
from weiquan.merchants.models import ApplicationState, Licence, Merchant, MerchantApplication, MerchantStatus
from weiquan.merchants.services import GovernanceError
from weiquan.merchants.tests.helpers import PDF, add_licence, identity, signup

pytestmark = pytest.mark.django_db


def test_signup_creates_an_applying_merchant_with_a_draft_and_an_event(cast):
    user, application = signup(category="food")
    merchant = application.merchant
    assert merchant.status == MerchantStatus.APPLYING
    assert user.role == "merchant" and user.merchant_id == merchant.pk
    assert application.state == ApplicationState.DRAFT and application.category == "food"
    assert list(merchant.events.values_list("type", flat=True)) == ["application_created"]
    assert application.contact_phone == "13700001111"  # encrypted at rest, readable in the app


def test_a_bad_credit_code_is_refused_with_a_clear_error(cast):
    with pytest.raises(GovernanceError) as info:
        signup(uscc="91350100M000100Y44")
    assert info.value.code == "uscc_check" and info.value.field == "uscc"
    assert "第18位应为“3”，实际为“4”" in info.value.message
    assert not Merchant.objects.filter(status=MerchantStatus.APPLYING).exists()


def test_food_application_cannot_be_approved_without_the_food_licence(cast):
    user, application = signup(category="food")
    add_licence(user, application, "business_licence")
    services.application_submit(actor=user, application_id=application.pk)
    with pytest.raises(GovernanceError) as info:
        services.application_review(actor=cast.compliance, application_id=application.pk, decision="approve",
                                    reasons="看起来没问题")
    assert info.value.code == "requirements_missing" and info.value.status == 409
    assert [(p["code"], p["kind"]) for p in info.value.details] == [("licence_missing", "food_operation")]
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert Merchant.objects.get(pk=application.merchant_id).status == MerchantStatus.APPLYING


def test_an_expired_or_not_yet_valid_licence_does_not_count(cast):
    user, application = signup(category="food")
    add_licence(user, application, "business_licence")
    add_licence(user, application, "food_operation", valid_until=timezone.localdate() - timedelta(days=1))
    problems = services.missing_requirements(application)
    assert [(p["code"], p["kind"]) for p in problems] == [("licence_expired", "food_operation")]
    add_licence(user, application, "food_operation", valid_from=timezone.localdate() + timedelta(days=3))
    assert [p["code"] for p in services.missing_requirements(application)] == ["licence_not_yet_valid"]


def test_ask_for_more_then_supply_then_approve(cast):
    user, application = signup(category="food")
    add_licence(user, application, "business_licence")
    services.application_submit(actor=user, application_id=application.pk)
    services.application_review(actor=cast.compliance, application_id=application.pk, decision="request_info",
                                requested_items=["food_operation"], note="请上传食品经营许可证")
    application.refresh_from_db()
    assert application.state == ApplicationState.NEEDS_INFO and application.requested_items == ["food_operation"]
    add_licence(user, application, "food_operation", valid_until=date(2030, 12, 31))
    services.application_submit(actor=user, application_id=application.pk)
    services.application_review(actor=cast.compliance, application_id=application.pk, decision="approve",
                                reasons="证照齐全")
    merchant = Merchant.objects.get(pk=application.merchant_id)
    today = timezone.localdate()
    assert merchant.status == MerchantStatus.ACTIVE
    assert merchant.last_verified_on == today
    assert merchant.legal_name == application.legal_name and merchant.uscc == application.uscc
    assert merchant.deposit.balance == 0 and merchant.deposit.topup_due_on == today + timedelta(days=15)
    types = list(merchant.events.order_by("seq").values_list("type", flat=True))
    assert types == ["application_created", "licence_added", "application_submitted", "application_info_requested",
                     "licence_added", "application_submitted", "application_approved", "status_changed"]
    assert verify_merchant_chain(merchant) is None
    change = merchant.status_changes.get()
    assert (change.from_status, change.to_status, change.rule_id) == ("applying", "active", "R-PLAT-VERIFY")


def test_reject_needs_reasons_and_keeps_the_merchant_applying(cast):
    user, application = signup()
    add_licence(user, application, "business_licence")
    services.application_submit(actor=user, application_id=application.pk)
    with pytest.raises(GovernanceError) as info:
        services.application_review(actor=cast.compliance, application_id=application.pk, decision="reject")
    assert info.value.field == "reasons"
    services.application_review(actor=cast.compliance, application_id=application.pk, decision="reject",
                                reasons="营业执照与申报主体不一致")
    application.refresh_from_db()
    assert application.state == ApplicationState.REJECTED
    assert application.merchant.status == MerchantStatus.APPLYING
    again = services.application_create(actor=user, merchant_id=application.merchant_id, identity=identity())
    assert again.state == ApplicationState.DRAFT


@pytest.mark.parametrize("who", ["merchant", "agent", "supervisor", "consumer", "other_merchant"])
def test_only_compliance_reviews_and_a_refusal_changes_nothing(cast, who):
    user, application = signup()
    add_licence(user, application, "business_licence")
    services.application_submit(actor=user, application_id=application.pk)
    events = application.merchant.events.count()
    with pytest.raises(GovernanceError) as info:
        services.application_review(actor=getattr(cast, who), application_id=application.pk, decision="approve")
    assert info.value.status == 403
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert application.merchant.events.count() == events


def test_another_merchant_cannot_touch_an_application(cast):
    user, application = signup()
    with pytest.raises(GovernanceError) as info:
        services.licence_add(actor=cast.other_merchant, application_id=application.pk, kind="business_licence",
                             number="X", issuer="Y", valid_from=date(2024, 1, 1), valid_until=None,
                             name="a.pdf", content=PDF)
    assert info.value.status == 404
    assert not Licence.objects.filter(application=application).exists()


def test_licence_scans_are_hashed_and_checked(cast):
    user, application = signup()
    licence = add_licence(user, application, "business_licence")
    import hashlib
    assert licence.sha256 == hashlib.sha256(PDF).hexdigest() and licence.size == len(PDF)
    with pytest.raises(GovernanceError) as info:
        services.licence_add(actor=user, application_id=application.pk, kind="business_licence", number="1",
                             issuer="x", valid_from=date(2024, 1, 1), valid_until=None, name="scan.pdf",
                             content=b"MZ\x90\x00 not a pdf")
    assert info.value.code == "file_type"
    newer = add_licence(user, application, "business_licence")
    licence.refresh_from_db()
    assert licence.superseded_by_id == newer.pk and newer.is_current


def test_submitted_application_is_frozen(cast):
    user, application = signup()
    services.application_submit(actor=user, application_id=application.pk)
    with pytest.raises(GovernanceError) as info:
        services.application_update(actor=user, application_id=application.pk, identity=identity())
    assert info.value.code == "not_editable"
    assert MerchantApplication.objects.get(pk=application.pk).state == ApplicationState.SUBMITTED


def test_one_onboarding_per_credit_code_even_when_two_sign_ups_race(cast, monkeypatch):
    from django.contrib.auth import get_user_model

    from weiquan.merchants.services import onboarding

    _first, application = signup()
    code = application.uscc
    users, merchants = get_user_model().objects.count(), Merchant.objects.count()
    with pytest.raises(GovernanceError) as refused:  # the service's own check
        signup(uscc=code)
    assert (refused.value.code, refused.value.status) == ("uscc_in_use", 409)
    # Two sign-ups at the same instant: both pass the check before either commits; the database refuses the second
    real_check, calls = onboarding._refuse_uscc_in_use, []

    def check_passed_before_the_other_committed(code, *, merchant_id):
        calls.append(code)
        if len(calls) > 1:
            real_check(code, merchant_id=merchant_id)

    monkeypatch.setattr(onboarding, "_refuse_uscc_in_use", check_passed_before_the_other_committed)
    with pytest.raises(GovernanceError) as raced:
        signup(uscc=code)
    assert (raced.value.code, raced.value.status) == ("uscc_in_use", 409) and len(calls) == 2
    assert (get_user_model().objects.count(), Merchant.objects.count()) == (users, merchants)  # nothing kept
    assert MerchantApplication.objects.filter(uscc=code).count() == 1
