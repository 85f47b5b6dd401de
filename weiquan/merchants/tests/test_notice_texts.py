"""Governance notices are worded when shown or e-mailed, in the reader's language, from the facts stored with them:
the platform's own words are translated, a listing's title or a reviewer's reasons stay as written."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from weiquan.merchants import services
from weiquan.merchants.models.governance import GovernanceNotice
from weiquan.merchants.tests.helpers import approved_merchant
from weiquan.testing.quality import put

pytestmark = pytest.mark.django_db

EXPECTED = {
    "zh-hans": [
        "[处罚通知] 平台对店铺作出处罚：警示。理由：发货超时（依据 R-ECL59）",
        "[定期核验] 请在 2026-12-13 前完成商家资质核验（核对主体信息、更新证照后提交）",
        "[商品信息不全] 商品「纯棉T恤」缺少必须展示的信息：纤维成分及含量、号型规格",
    ],
    "en": [
        "[Penalty] The platform has imposed a penalty on the store: Warning. Reason: 发货超时 (under R-ECL59)",
        "[Re-verification] Please complete the merchant re-verification by 2026-12-13 (check the business details, "
        "update the licences, then submit)",
        "[Listing information missing] The listing “纯棉T恤” lacks information it must show: Fibre composition, Size",
    ],
}


@pytest.fixture
def noticed(cast):
    merchant, owner = approved_merchant(cast.compliance)
    put(cast.platform, "L-1", merchant)
    put(cast.platform, "L-1", merchant, attributes={})  # was complete, now lacks both pieces of information
    services.reverification_open(actor=cast.compliance, merchant_id=merchant.pk, due_on=date(2026, 12, 13))
    services.penalty_impose(actor=cast.compliance, merchant_id=merchant.pk, kind="warning", reason="发货超时",
                            rule_id="R-ECL59")
    return merchant, owner


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_portal_words_notices_in_the_readers_language(client, noticed, language):
    _merchant, owner = noticed
    client.force_login(owner)
    client.cookies["django_language"] = language
    page = client.get(reverse("merchants:portal")).content.decode()
    for text in EXPECTED[language]:
        assert text in page
    if language == "en":
        assert "缺少必须展示的信息" not in page and "平台对店铺作出处罚" not in page


def test_the_stored_text_is_the_chinese_record_and_an_older_notice_keeps_its_own(noticed):
    merchant, _owner = noticed
    penalty = GovernanceNotice.objects.get(merchant=merchant, kind="penalty_imposed")
    assert penalty.text == "平台对店铺作出处罚：警示。理由：发货超时（依据 R-ECL59）"
    from django.utils import translation

    from weiquan.merchants.notice_texts import notice_text

    old = GovernanceNotice(kind="penalty_imposed", text="旧通知原文", data={"penalty": 1, "kind": "warning"})
    with translation.override("en"):
        assert notice_text(old) == "旧通知原文"


def test_each_member_of_staff_gets_the_notice_e_mail_in_their_language(cast, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    merchant, owner = approved_merchant(cast.compliance)
    type(owner).objects.filter(pk=owner.pk).update(preferred_language="en", email="owner@example.com")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.penalty_impose(actor=cast.compliance, merchant_id=merchant.pk, kind="warning", reason="发货超时",
                                rule_id="R-ECL59")
    sent = [m for m in mail.outbox if "owner@example.com" in m.to]
    assert [m.body for m in sent] == [
        "The platform has imposed a penalty on the store: Warning. Reason: 发货超时 (under R-ECL59)"]


@pytest.mark.parametrize(("language", "missing", "held"), [
    ("zh-hans", "缺少证照：食品经营许可证", "营业执照 NO-"),
    ("en", "Licence missing: Food business licence", "Business licence NO-"),
])
def test_licence_kinds_read_in_the_readers_language(client, cast, language, missing, held):
    from weiquan.merchants.tests.helpers import add_licence, signup

    owner, application = signup(category="food")
    add_licence(owner, application, "business_licence")
    client.force_login(owner)
    client.cookies["django_language"] = language
    page = client.get(reverse("merchants:portal")).content.decode()
    assert f"<li>{missing}</li>" in page and held in page
    if language == "en":
        assert "食品经营许可证" not in page and "营业执照" not in page


@pytest.mark.parametrize(("language", "kind"), [("zh-hans", "先行赔付"), ("en", "Advance compensation")])
def test_an_advance_compensation_ledger_line_carries_no_chinese_memo(client, cast, language, kind):
    from weiquan.merchants.tests.cases import overdue_remedy, trading_shop

    shop = trading_shop(cast.shop)
    services.deposit_top_up(actor=cast.platform, merchant_id=shop.pk, amount="3000.00")
    remedy = overdue_remedy(cast, amount="899.00")
    entry, _new = services.advance_compensation_pay(actor=cast.agent, remedy_id=remedy.pk)
    assert entry.note == ""
    client.force_login(cast.merchant)
    client.cookies["django_language"] = language
    page = client.get(reverse("merchants:portal_deposit")).content.decode()
    assert f"<td>{kind}</td>" in page and remedy.complaint.reference in page
    assert "先行赔付：" not in page
