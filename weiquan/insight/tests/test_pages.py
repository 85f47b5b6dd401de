"""Insight pages: who may open them, drill-downs to the cases, and exports that carry no personal data."""

import csv
import io

import pytest
from openpyxl import load_workbook

from weiquan.complaints.models import Complaint
from weiquan.testing.cases import new_case

pytestmark = pytest.mark.django_db
PHONE = "13912345678"
TEXT = f"我是张三，电话{PHONE}，身份证110101199003074514，收到的充电宝是假货。"


@pytest.fixture
def cases(cast, committed):
    with committed():
        leaky = new_case(cast, category="counterfeit", title="假货", description=TEXT)
        other = new_case(cast, consumer=cast.other_consumer, merchant=cast.other_shop, category="quality",
                         title="开线", description="袖口开线。")
    return leaky, other


PAGES = ["/insight/", "/insight/cases/", "/insight/root-causes/", "/insight/spikes/", "/insight/clusters/",
         "/insight/risk/", "/insight/export/?group_by=category"]


@pytest.mark.parametrize("who,status", [("consumer", 403), ("merchant", 403), ("platform", 403), ("agent", 200),
                                        ("supervisor", 200), ("analyst", 200)])
def test_who_may_open_the_pages(cast, client, analyst, cases, who, status):
    client.force_login(analyst if who == "analyst" else getattr(cast, who))
    for page in PAGES:
        assert client.get(page).status_code == status, page


def test_anonymous_is_sent_to_log_in(client):
    response = client.get("/insight/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_dashboard_figures_link_to_their_cases(cast, client, analyst, cases):
    client.force_login(analyst)
    page = client.get("/insight/", {"from": "2026-01-01", "to": "2026-12-31"})
    body = page.content.decode()
    assert page.context["totals"]["count"] == 2
    by_category = {r["key"]: r for r in page.context["by_category"]}
    assert by_category["counterfeit"]["count"] == 1
    drill = client.get(by_category["counterfeit"]["url"])
    assert [r["id"] for r in drill.context["rows"]] == [cases[0].pk]
    assert "chart-4.6.1.umd.min.js" in body and "cdn" not in body.lower()


def test_drilldown_is_redacted(cast, client, analyst, cases):
    client.force_login(analyst)
    body = client.get("/insight/cases/", {"from": "2026-01-01"}).content.decode()
    assert PHONE not in body and "110101199003074514" not in body and "张三" not in body
    assert "[手机号]" in body and "[身份证号]" in body and "假货" in body


def test_csv_and_excel_exports_are_redacted(cast, client, analyst, cases):
    client.force_login(analyst)
    response = client.get("/insight/cases/", {"from": "2026-01-01", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["投诉编号", "收到时间（北京时间）", "商家", "类别", "状态"]
    assert rows[1][3] in ("假冒", "质量") and "counterfeit" not in "\n".join(",".join(r) for r in rows)
    text = "\n".join(",".join(r) for r in rows)
    assert len(rows) == 3 and PHONE not in text and "张三" not in text and "[手机号]" in text

    response = client.get("/insight/cases/", {"from": "2026-01-01", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any("[手机号]" in c for c in cells) and not any(PHONE in c for c in cells)

    grouped = client.get("/insight/export/", {"group_by": "merchant", "format": "csv", "from": "2026-01-01"})
    table = list(csv.reader(io.StringIO(grouped.content.decode("utf-8-sig"))))
    assert table[0][:3] == ["编号", "名称", "投诉量"] and sorted(r[2] for r in table[1:]) == ["1", "1"]
    # By category the sheet starts with the category's name: its code is no column and no value.
    grouped = client.get("/insight/export/", {"group_by": "category", "format": "csv", "from": "2026-01-01"})
    text = grouped.content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:2] == ["名称", "投诉量"] and sorted(r[0] for r in table[1:]) == ["假冒", "质量"]
    assert "counterfeit" not in text and "quality" not in text


def test_drilldown_links_to_the_case_only_for_who_may_open_it(cast, client, analyst, cases):
    client.force_login(analyst)
    rows = client.get("/insight/cases/", {"from": "2026-01-01"}).context["rows"]
    assert len(rows) == 2 and all(r["url"] == "" for r in rows)  # an analyst has no console case page
    client.force_login(cast.agent)
    rows = client.get("/insight/cases/", {"from": "2026-01-01"}).context["rows"]
    assert sorted(r["url"] for r in rows) == sorted(f"/complaints/console/cases/{c.pk}/" for c in cases)


def test_merchant_cannot_export(cast, client, cases):
    client.force_login(cast.merchant)
    assert client.get("/insight/cases/", {"format": "csv"}).status_code == 403


def test_root_causes_page_finds_the_distinctive_words(cast, client, analyst, committed):
    with committed():
        for i in range(4):
            new_case(cast, category="quality", title="充电宝鼓包", description=f"充电宝用了两天就鼓包发烫 {i}")
        for i in range(6):
            new_case(cast, merchant=cast.other_shop, category="quality", title="衣服开线",
                     description=f"衣服袖口开线掉色 {i}")
    client.force_login(analyst)
    page = client.get("/insight/root-causes/", {"kind": "merchant", "key": cast.shop.pk, "from": "2026-01-01"})
    terms = {t.term: t for t in page.context["result"]["terms"]}
    assert "鼓包" in terms and "开线" not in terms
    assert page.context["result"]["n_target"] == 4 and page.context["result"]["n_rest"] == 6
    # Every term links to the four complaints that say it.
    mine = set(Complaint.objects.filter(merchant=cast.shop).values_list("pk", flat=True))
    assert set(terms["鼓包"].case_ids) == mine and len(mine) == 4
    listing = client.get("/insight/root-causes/cases/", {"term": "鼓包", "ids": ",".join(map(str, terms["鼓包"].case_ids))})
    assert listing.status_code == 200 and len(listing.context["rows"]) == 4
    assert client.get("/insight/root-causes/cases/", {"ids": "1,x"}).status_code == 400
    assert client.get("/insight/root-causes/cases/", {"ids": ""}).status_code == 400


def test_root_causes_leave_out_filler_words(cast, client, analyst, committed):
    filler = "我一直没有收到退款，就是不给退，已经好几天了"
    with committed():
        for i in range(5):
            new_case(cast, category="after_sales", title="不给退款", description=f"{filler}，充电宝鼓包 {i}")
        for i in range(5):
            new_case(cast, merchant=cast.other_shop, category="quality", title="衣服开线",
                     description=f"衣服袖口开线 {i}")
    client.force_login(analyst)
    page = client.get("/insight/root-causes/", {"kind": "merchant", "key": cast.shop.pk, "from": "2026-01-01"})
    terms = [t.term for t in page.context["result"]["terms"]]
    assert not {"没有", "一直", "收到", "就是", "已经", "一直没有"} & set(terms)
    assert not [t for t in terms if len(t) == 1]
    assert "鼓包" in terms and "不给退款" in terms
