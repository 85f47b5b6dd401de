"""Pages: who may open them, that they render, and that forms go through the services."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from weiquan.merchants import services
from weiquan.merchants.models import ApplicationState, Merchant, MerchantStatus
from weiquan.merchants.tests.cases import overdue_remedy, trading_shop
from weiquan.merchants.tests.helpers import PDF, VALID_USCC, approved_merchant

pytestmark = pytest.mark.django_db

CONSOLE = ["merchants:console", "merchants:console_applications", "merchants:console_reverification",
           "merchants:console_licences", "merchants:console_merchants", "merchants:console_penalties",
           "quality:console_listings", "quality:console_price_flags", "quality:console_programmes"]
PORTAL = ["merchants:portal", "merchants:portal_application", "merchants:portal_deposit",
          "merchants:portal_penalties", "quality:portal_listings"]


@pytest.mark.parametrize("name", CONSOLE)
@pytest.mark.parametrize("who, status", [("compliance", 200), ("supervisor", 200), ("agent", 403),
                                         ("merchant", 403), ("consumer", 403)])
def test_console_pages_are_for_compliance_staff(client, cast, name, who, status):
    client.force_login(getattr(cast, who))
    assert client.get(reverse(name)).status_code == status


@pytest.mark.parametrize("name", PORTAL)
@pytest.mark.parametrize("who, status", [("merchant", 200), ("consumer", 403), ("compliance", 403)])
def test_portal_pages_are_for_merchant_staff(client, cast, name, who, status):
    client.force_login(getattr(cast, who))
    assert client.get(reverse(name)).status_code == status


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("merchants:console"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_console_detail_pages_render_with_data(client, cast):
    merchant, owner = approved_merchant(cast.compliance, deposit="2000.00")
    services.penalty_impose(actor=cast.compliance, merchant_id=merchant.pk, kind="warning", reason="发货超时",
                            rule_id="R-ECL59")
    client.force_login(cast.compliance)
    for url in (reverse("merchants:console_merchant", args=[merchant.pk]),
                reverse("merchants:console_application", args=[merchant.applications.get().pk]),
                reverse("merchants:console_deposit", args=[merchant.pk]),
                reverse("merchants:console_deposits"), reverse("merchants:console_advance")):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(reverse("merchants:console_merchant", args=[merchant.pk])).content.decode()
    assert "发货超时" in page and "R-ECL59" in page


def test_another_merchants_application_and_scan_are_404_for_a_merchant(client, cast):
    merchant, owner = approved_merchant(cast.compliance)
    licence = merchant.licences.get()
    client.force_login(cast.other_merchant)
    assert client.get(reverse("merchants:licence_file", args=[licence.pk])).status_code == 404
    client.force_login(owner)
    response = client.get(reverse("merchants:licence_file", args=[licence.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_apply_page_creates_an_applicant_and_logs_in(client, cast):
    form = {"username": "newshop", "email": "new@example.com", "password": "Shop-pass-2026!", "shop_name": "新店",
            "category": "food", "legal_name": "新店食品有限公司", "uscc": VALID_USCC[1],
            "legal_representative": "钱七", "registered_address": "北京市朝阳区1号", "operating_address": "北京市朝阳区2号",
            "service_phone": "010-1234", "contact_name": "孙八", "contact_phone": "13900000000", "contact_email": ""}
    bad = client.post(reverse("merchants:apply"), dict(form, uscc=VALID_USCC[1][:-1] + "C"))
    assert bad.status_code == 422 and "校验位不符" in bad.content.decode()
    assert not Merchant.objects.filter(name="新店").exists()
    response = client.post(reverse("merchants:apply"), form)
    assert response.status_code == 302 and response["Location"] == reverse("merchants:portal_application")
    merchant = Merchant.objects.get(name="新店")
    assert merchant.status == MerchantStatus.APPLYING
    page = client.get(reverse("merchants:portal_application")).content.decode()
    assert "食品经营许可证" in page  # the food category asks for it
    upload = client.post(reverse("merchants:portal_application"), {
        "add_licence": "1", "kind": "business_licence", "number": "X1", "issuer": "北京市市场监督管理局",
        "valid_from": "2024-01-01", "valid_until": "", "file": SimpleUploadedFile("yyzz.pdf", PDF)})
    assert upload.status_code == 302
    assert merchant.licences.count() == 1
    client.post(reverse("merchants:portal_application_submit"))
    assert merchant.applications.get().state == ApplicationState.SUBMITTED


def test_review_form_refuses_approval_without_the_category_licence(client, cast):
    from weiquan.merchants.tests.helpers import add_licence, signup

    user, application = signup(category="food")
    add_licence(user, application, "business_licence")
    services.application_submit(actor=user, application_id=application.pk)
    client.force_login(cast.compliance)
    url = reverse("merchants:console_application", args=[application.pk])
    response = client.post(url, {"decision": "approve", "reasons": "看起来可以"})
    assert response.status_code == 422
    assert "不能通过审核" in response.content.decode()
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    response = client.post(url, {"decision": "request_info", "requested_items": ["food_operation"],
                                 "note": "请补充食品经营许可证"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.NEEDS_INFO


def test_agent_pays_from_the_advance_queue(client, cast):
    shop = trading_shop(cast.shop)
    services.deposit_top_up(actor=cast.platform, merchant_id=shop.pk, amount="3000.00")
    remedy = overdue_remedy(cast, amount="899.00")
    client.force_login(cast.agent)
    page = client.get(reverse("merchants:console_advance")).content.decode()
    assert remedy.complaint.reference in page and "¥899.00" in page
    client.post(reverse("merchants:console_advance_pay", args=[remedy.pk]))
    client.post(reverse("merchants:console_advance_pay", args=[remedy.pk]))
    remedy.refresh_from_db()
    assert remedy.state == "executed"
    shop.deposit.refresh_from_db()
    assert str(shop.deposit.balance) == "2101.00"


def test_public_page_shows_identity_status_and_published_decisions(client, cast):
    from weiquan.merchants.services.status import status_changes_publish_pending

    merchant, _owner = approved_merchant(cast.compliance)
    services.penalty_impose(actor=cast.compliance, merchant_id=merchant.pk, kind="restriction",
                            reason="销售无证食品", rule_id="R-PLAT-VERIFY", ends_on=date(2099, 1, 1))
    status_changes_publish_pending()
    page = client.get(reverse("merchants:public", args=[merchant.external_id])).content.decode()
    assert merchant.uscc in page and merchant.legal_name in page and "销售无证食品" in page
    assert "13700001111" not in page  # the contact person is never published


def test_merchant_appeals_from_the_portal(client, cast):
    merchant, owner = approved_merchant(cast.compliance)
    penalty = services.penalty_impose(actor=cast.compliance, merchant_id=merchant.pk, kind="warning",
                                      reason="发货超时", rule_id="R-ECL59")
    client.force_login(owner)
    client.post(reverse("merchants:portal_penalty_appeal", args=[penalty.pk]), {"reasons": "物流公司原因延误"})
    penalty.refresh_from_db()
    assert penalty.appeal_state == "pending"
    client.force_login(cast.other_merchant)
    assert client.post(reverse("merchants:portal_penalty_appeal", args=[penalty.pk]),
                       {"reasons": "替别人申诉"}).status_code == 404


def test_pages_speak_english_too(client, cast):
    from django.utils import translation

    from weiquan.merchants import uscc

    type(cast.compliance).objects.filter(pk=cast.compliance.pk).update(preferred_language="en")
    client.force_login(cast.compliance)
    page = client.get(reverse("merchants:console"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Compliance console" in page and "Applications waiting for review" in page
    with translation.override("en"):
        with pytest.raises(uscc.InvalidUscc) as info:
            uscc.validate("91350100M000100Y44")
    assert "character 18 should be “3” but is “4”" in info.value.message


def test_the_application_queue_takes_the_same_queries_for_2_or_6_applications(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from weiquan.merchants.tests.helpers import add_licence, signup

    def submit(n):
        for _ in range(n):
            user, application = signup(category="food")
            add_licence(user, application, "business_licence")
            services.application_submit(actor=user, application_id=application.pk)

    client.force_login(cast.compliance)
    url = reverse("merchants:console_applications")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    submit(2)
    few = queries()
    submit(4)
    assert queries() == few


def test_console_merchant_page_shows_a_broken_governance_chain_like_the_case_page(client, cast):
    from weiquan.merchants.models import MerchantEvent

    merchant, owner = approved_merchant(cast.compliance)
    client.force_login(cast.compliance)
    url = reverse("merchants:console_merchant", args=[merchant.pk])
    page = client.get(url).content.decode()
    assert 'class="chain-ok"' in page and 'class="chain-broken"' not in page
    MerchantEvent.objects.filter(merchant=merchant, seq=2).update(data={"forged": True})
    response = client.get(url)
    page = response.content.decode()
    assert response.context["chain_break"].seq == 2
    assert 'class="chain-broken"' in page and "第一个异常事件：第 2 条" in page and "content was changed" in page


def test_opening_the_portal_does_not_mark_notices_read_a_post_does(client, cast):
    from weiquan.merchants.models.governance import GovernanceNotice as MerchantNotice

    merchant, owner = approved_merchant(cast.compliance)
    assert MerchantNotice.objects.filter(merchant=merchant).exists()
    client.force_login(owner)
    assert client.get(reverse("merchants:portal")).status_code == 200
    assert MerchantNotice.objects.filter(merchant=merchant, read_at__isnull=True).exists()
    assert client.get(reverse("merchants:portal_notices_read")).status_code == 405
    assert client.post(reverse("merchants:portal_notices_read")).status_code == 302
    assert not MerchantNotice.objects.filter(merchant=merchant, read_at__isnull=True).exists()
