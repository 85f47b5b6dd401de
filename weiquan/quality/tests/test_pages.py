from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from weiquan.quality import services
from weiquan.quality.models import BuyerNotice, Inspection
from weiquan.testing.factories import make_order
from weiquan.testing.quality import put

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def test_programme_pages_sample_send_and_record_a_failure(client, cast, django_capture_on_commit_callbacks):
    listing = put(cast.platform, "Q-1", cast.shop, sku="SKU-1", title="儿童电热毯").listing
    make_order(consumer=cast.consumer, merchant=cast.shop, received_at=timezone.now() - timedelta(days=2))
    client.force_login(cast.compliance)
    response = client.post(reverse("quality:console_programmes"), {
        "name": "电热毯专项抽检", "sample_size": 1, "random_share": "0.20", "lookback_days": 90, "lab": "某检测中心",
        "categories": ["apparel"]})
    assert response.status_code == 302
    programme_url = response["Location"]
    client.post(programme_url + "sample/")
    page = client.get(programme_url).content.decode()
    assert "儿童电热毯" in page and ("按风险加权抽中" in page or "随机抽中" in page)
    client.post(programme_url + "start/", {"lab": "某检测中心"})
    inspection = Inspection.objects.get(listing=listing)
    assert inspection.state == "sent"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("quality:console_inspection", args=[inspection.pk]), {
            "result": "fail", "severity": "critical", "defects": "表面温度超标", "inspected_on":
                timezone.localdate().isoformat(), "report": SimpleUploadedFile("report.pdf", PDF)})
    assert response.status_code == 302
    inspection.refresh_from_db()
    listing.refresh_from_db()
    assert inspection.state == "failed" and listing.state == "delisted"
    cast.shop.refresh_from_db()
    assert cast.shop.status == "suspended"  # critical -> suspension by the default policy
    assert BuyerNotice.objects.filter(consumer=cast.consumer).count() == 1
    client.force_login(cast.consumer)
    page = client.get(reverse("quality:my_notices")).content.decode()
    # The buyer reads the law by name and article, never the rule ID.
    assert "儿童电热毯" in page and "消费者权益保护法第24条" in page and "R-CPL24-QUALITY" not in page
    assert BuyerNotice.objects.get(consumer=cast.consumer).read_at is None  # opening the page changes nothing
    assert client.post(reverse("quality:my_notices_read")).status_code == 302
    assert BuyerNotice.objects.get(consumer=cast.consumer).read_at is not None
    public = client.get(reverse("quality:results")).content.decode()
    assert "表面温度超标" in public


def test_merchant_sees_its_own_exceptions_only(client, cast):
    put(cast.platform, "Q-2", cast.shop, attributes={"size_spec": "L"}, title="羊毛衫")
    put(cast.platform, "Q-3", cast.other_shop, attributes={"size_spec": "L"}, title="别家的羊毛裤")
    client.force_login(cast.merchant)
    page = client.get(reverse("quality:portal_listings")).content.decode()
    assert "羊毛衫" in page and "纤维成分及含量" in page and "别家的羊毛裤" not in page


@pytest.mark.parametrize("who, status", [("merchant", 404), ("other_merchant", 404), ("consumer", 404),
                                         ("compliance", 200)])
def test_inspection_reports_are_not_for_everyone_before_publication(client, cast, who, status):
    listing = put(cast.platform, "Q-4", cast.shop, sku="SKU-1").listing
    programme = services.programme_create(actor=cast.compliance, name="x", sample_size=1, lab="lab")
    services.programme_sample(actor=cast.compliance, programme_id=programme.pk, seed=2)
    services.programme_start(actor=cast.compliance, programme_id=programme.pk)
    inspection = Inspection.objects.get(listing=listing)
    from django.core.files.base import ContentFile

    inspection.report_sha256, inspection.report_name = "ab" * 32, "r.pdf"
    inspection.report.save("r", ContentFile(PDF))  # a report on file, not yet published
    client.force_login(getattr(cast, who))
    assert client.get(reverse("quality:inspection_report", args=[inspection.pk])).status_code == status


def test_console_names_each_listing_category_not_its_code(client, cast):
    put(cast.platform, "Q-4", cast.shop, category="apparel", title="无成分标注的衬衫", sku="SKU-4", attributes={})
    client.force_login(cast.compliance)
    page = client.get(reverse("quality:console_listings")).content.decode()
    assert "<td>服饰鞋包</td>" in page and "<td>apparel</td>" not in page


@pytest.mark.parametrize(("language", "label"), [("zh-hans", "<td>服饰鞋包</td>"), ("en", "<td>Apparel, shoes and bags</td>")])
def test_programme_list_names_categories_not_codes(client, cast, language, label):
    services.programme_create(actor=cast.compliance, name="服饰抽检", sample_size=1, lab="lab", categories=["apparel"])
    client.force_login(cast.compliance)
    client.cookies["django_language"] = language
    page = client.get(reverse("quality:console_programmes")).content.decode()
    assert label in page and "<td>apparel</td>" not in page
    if language == "en":  # a button says what it does, the column what it shows
        assert '<button type="submit">Create</button>' in page and '<th scope="col">Created at</th>' in page


def test_a_count_of_picks_agrees_with_its_number():
    from django.utils import translation
    from django.utils.translation import ngettext

    with translation.override("en"):
        assert [ngettext("已生成 %(n)d 个样本", "已生成 %(n)d 个样本", n) % {"n": n} for n in (1, 3)] == [
            "1 pick drawn", "3 picks drawn"]


@pytest.mark.parametrize(("language", "row"), [
    ("zh-hans", '<li>纤维成分及含量 <small class="muted">（GB 5296.4-2012; FZ/T 01053）</small></li>'),
    ("en", '<li>Fibre composition <small class="muted">(GB 5296.4-2012; FZ/T 01053)</small></li>'),
])
def test_missing_information_is_named_in_the_readers_language(client, cast, language, row):
    put(cast.platform, "Q-9", cast.shop, attributes={"size_spec": "170/92A"})
    for who, name in ((cast.merchant, "quality:portal_listings"), (cast.compliance, "quality:console_listings")):
        client.force_login(who)
        client.cookies["django_language"] = language
        assert row in client.get(reverse(name)).content.decode()
