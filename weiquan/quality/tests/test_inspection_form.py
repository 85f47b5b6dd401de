"""A refused inspection result comes back with what was entered and the error tied to its field, in both languages."""

import re

import pytest
from django.urls import reverse

from weiquan.quality import services
from weiquan.quality.models import Inspection
from weiquan.testing.quality import put

pytestmark = pytest.mark.django_db


def sent_inspection(cast) -> Inspection:
    listing = put(cast.platform, "Q-F1", cast.shop, sku="SKU-F1", title="儿童电热毯").listing
    programme = services.programme_create(actor=cast.compliance, name="表单抽检", sample_size=1, categories=["apparel"],
                                          lab="某检测中心")
    services.programme_sample(actor=cast.compliance, programme_id=programme.pk, seed=1)
    services.programme_start(actor=cast.compliance, programme_id=programme.pk)
    return Inspection.objects.get(listing=listing)


def error_for(page: str, name: str) -> str:
    """The error the input `name` points at with aria-describedby (what a screen reader reads with the field)."""
    tag = re.search(rf'<(?:input|textarea|select)[^>]*name="{name}"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in tag
    error_id = re.search(r'aria-describedby="([^"]+)"', tag).group(1).split()[-1]
    return re.sub(r"<[^>]+>", "", re.search(rf'id="{error_id}"[^>]*>(.*?)</ul>', page, re.S).group(1)).strip()


@pytest.mark.parametrize("language,bad_date", [("zh-hans", "输入一个有效的日期。"), ("en", "Enter a valid date.")])
def test_a_refused_result_keeps_what_was_entered(client, cast, language, bad_date):
    inspection = sent_inspection(cast)
    client.force_login(cast.compliance)
    client.cookies["django_language"] = language
    response = client.post(reverse("quality:console_inspection", args=[inspection.pk]), {
        "result": "fail", "severity": "critical", "defects": "表面温度超标", "inspected_on": "2026-13-40"})
    assert response.status_code == 422
    inspection.refresh_from_db()
    assert inspection.state == "sent"
    page = response.content.decode()
    assert re.search(r'<input type="radio" name="result" value="fail"[^>]* checked', page)
    assert re.search(r'<option value="critical" selected>', page)
    assert re.search(r">\s*表面温度超标</textarea>", page)
    assert 'value="2026-13-40"' in page
    assert error_for(page, "inspected_on") == bad_date
    assert error_for(page, "report") != ""  # the report is required; the browser cannot refill a file


def test_the_date_is_prefilled_in_iso_format(client, cast):
    inspection = sent_inspection(cast)
    client.force_login(cast.compliance)
    for language in ("zh-hans", "en"):
        client.cookies["django_language"] = language
        page = client.get(reverse("quality:console_inspection", args=[inspection.pk])).content.decode()
        tag = re.search(r'<input[^>]*name="inspected_on"[^>]*>', page).group(0)
        assert 'type="date"' in tag and re.search(r'value="\d{4}-\d{2}-\d{2}"', tag) and "/" not in tag
