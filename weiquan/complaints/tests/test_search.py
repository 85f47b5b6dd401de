"""Full-text search over complaint titles and descriptions: Chinese without spaces on SQLite (FTS5 trigram) and
PostgreSQL (pg_trgm), the short-term fallback, edits kept in step, scoping, and search text that is never syntax."""

import pytest
from django.db import connection
from django.urls import reverse

from weiquan.complaints.models import Complaint
from weiquan.complaints.search import SQLITE_FTS_TRIGGERS, complaint_search, sqlite_fts_triggers_present
from weiquan.testing.cases import clock_fixture, fast_passwords, login, new_case, refs  # noqa: F401


def queue(client, **params):
    response = client.get(reverse("complaints:console_queue"), params)
    assert response.status_code == 200
    return response


@pytest.fixture
def texts(cast, clock):
    return {
        "refund": new_case(cast, title="商家拒绝退款", description="收到的外套袖口开线，我申请退款被拒绝了。"),
        "seven": new_case(cast, title="无理由退货被拒", description="签收第三天申请七天无理由退货，商家说已拆封不给退。"),
        "other": new_case(cast, title="快递破损", description="外包装破损，商品摔坏，要求换货。"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("query,expected", [
    ("退款", {"refund"}),             # two characters: no trigram, LIKE fallback
    ("七天无理由", {"seven"}),         # inside a sentence without spaces
    ("无理由退货", {"seven"}),         # the title
    ("拒绝 退款", {"refund"}),         # every term must match
    ("换货", {"other"}),
    ("袖口开线", {"refund"}),
    ("不存在的内容", set()),
])
def test_search_finds_chinese_without_spaces(cast, texts, query, expected):
    response = queue(login(cast.agent), tab="all", q=query)
    assert set(refs(response)) == {texts[name].reference for name in expected}


@pytest.mark.django_db
def test_search_by_case_reference(cast, texts):
    reference = texts["other"].reference
    assert refs(queue(login(cast.agent), tab="all", q=reference)) == [reference]


@pytest.mark.django_db
def test_a_reference_finds_its_case_and_the_cases_that_mention_it_in_any_letter_case(cast, texts):
    """A reference-shaped term is looked up by its indexes first (PostgreSQL), with the same results: the case with
    that reference and every case whose text contains it, within the list's other conditions."""
    reference = texts["other"].reference
    mentions = new_case(cast, title="追加投诉", description=f"上次的投诉{reference}商家没有处理。")
    client = login(cast.agent)
    assert set(refs(queue(client, tab="all", q=reference.lower()))) == {reference, mentions.reference}
    assert refs(queue(client, tab="mine", q=reference)) == []  # the tab still applies
    assert refs(queue(client, tab="all", q="WQ00000000000000")) == []


@pytest.mark.django_db
def test_search_sees_edited_text_and_stays_scoped(cast, texts):
    Complaint.objects.filter(pk=texts["other"].pk).update(title="七天无理由被拒", description="改写后的内容。")
    visible = Complaint.objects.filter(merchant=cast.other_shop)
    assert list(complaint_search(visible, "七天无理由")) == []
    found = set(complaint_search(Complaint.objects.all(), "七天无理由").values_list("pk", flat=True))
    assert found == {texts["seven"].pk, texts["other"].pk}
    assert not complaint_search(Complaint.objects.all(), "快递破损").exists()


@pytest.mark.django_db
def test_search_text_is_data_not_query_syntax(cast, texts):
    for query in ['"', "' OR 1=1 --", "NEAR(a b)", "%", "_", "退款*"]:
        assert queue(login(cast.agent), tab="all", q=query).context["work"].total == 0, query


@pytest.mark.django_db
def test_search_index_is_in_place():
    if connection.vendor == "sqlite":
        assert sqlite_fts_triggers_present() == SQLITE_FTS_TRIGGERS
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'complaints_complaint'")
            names = {row[0] for row in cursor.fetchall()}
        assert {"complaints_title_trgm", "complaints_description_trgm"} <= names


@pytest.mark.django_db
def test_a_table_rebuild_that_drops_the_triggers_is_repaired_after_migrate(cast):
    """Django's SQLite schema editor copies the complaint table to alter it, and the FTS triggers do not survive:
    the post-migrate repair puts them back and re-reads the rows, so search keeps finding old and new cases."""
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 triggers exist on SQLite only")
    from weiquan.complaints.search import ensure_sqlite_index

    old = new_case(cast, title="袖口开线", description="衣服袖口开线了")
    with connection.cursor() as cursor:
        for name in sorted(SQLITE_FTS_TRIGGERS):
            cursor.execute(f"DROP TRIGGER {name}")
        cursor.execute("INSERT INTO complaints_complaint_fts(complaints_complaint_fts) VALUES ('delete-all')")
    assert sqlite_fts_triggers_present() == set()
    assert ensure_sqlite_index() is True
    assert sqlite_fts_triggers_present() == SQLITE_FTS_TRIGGERS
    assert ensure_sqlite_index() is False  # nothing to repair the second time
    assert [c.pk for c in complaint_search(Complaint.objects.all(), "袖口开线")] == [old.pk]
