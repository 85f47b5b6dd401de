"""The dashboard's export links name each dimension by its label in the reader's language, never by its code."""

import pytest

pytestmark = pytest.mark.django_db
YEAR = {"from": "2026-01-01", "to": "2026-12-31"}


@pytest.mark.parametrize(("language", "labels"), [
    ("zh-hans", ["按类别", "按商家", "按商品", "按月份", "按渠道", "按地区", "按问题"]),
    ("en", ["By category", "By merchant", "By product", "By month", "By channel", "By region", "By issue"]),
])
def test_export_links_show_the_dimension_label(client, analyst, language, labels):
    client.force_login(analyst)
    client.cookies["django_language"] = language
    page = client.get("/insight/", YEAR).content.decode()
    for label in labels:
        assert f"CSV · {label}</a>" in page and f"Excel · {label}</a>" in page
    for code in ("category", "merchant", "product", "month", "channel", "region", "issue"):
        assert f"CSV · {code}<" not in page and f"group_by={code}&amp;format=xlsx" in page


def test_an_english_export_has_english_headers(client, analyst):
    import csv
    import io

    client.force_login(analyst)
    client.cookies["django_language"] = "en"
    response = client.get("/insight/export/", {**YEAR, "group_by": "merchant", "format": "csv"})
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == ["Number", "Name", "Complaints", "On-time first response", "Resolution rate",
                      "Average hours to resolve", "Satisfaction", "Appealed", "Overturn rate", "Repeat-complainant rate"]
