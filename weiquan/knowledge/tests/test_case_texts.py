"""A published case study's parts that are still the platform's draft words read in the reader's language; what staff
rewrote stays as they wrote it. The seeded articles' team bylines are translated too."""

import pytest

from weiquan.knowledge import services
from weiquan.knowledge.models import Article
from weiquan.knowledge.tests.test_knowledge import _closed_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(cast):
    complaint = _closed_case(cast)
    draft = services.case_study_prepare(actor=cast.agent, complaint=complaint)  # drafted in Chinese
    services.case_study_submit(actor=cast.agent, case_study=draft)
    services.case_study_review(actor=cast.supervisor, case_study=draft, approve=True)
    return complaint, draft


def _page(client, language, path):
    client.cookies["django_language"] = language
    return client.get(path).content.decode()


def test_untouched_draft_parts_read_in_the_readers_language(client, published):
    complaint, draft = published
    zh = _page(client, "zh-hans", f"/knowledge/cases/{draft.pk}/")
    en = _page(client, "en", f"/knowledge/cases/{draft.pk}/")
    assert f"<h1>质量纠纷：{complaint.title}</h1>" in zh
    assert f"<h1>Quality dispute: {complaint.title}</h1>" in en
    assert "案件状态：已解决。" in zh and "Case status: Resolved." in en
    assert "案件状态" not in en and "纠纷：" not in en
    listing = _page(client, "en", "/knowledge/cases/")
    assert f"<strong>Quality dispute: {complaint.title}</strong>" in listing


def test_a_part_staff_rewrote_is_shown_as_written(client, cast):
    draft = services.case_study_prepare(actor=cast.agent, complaint=_closed_case(cast))
    services.case_study_update(actor=cast.agent, case_study=draft, changes={"outcome": "商家退款并道歉。"})
    services.case_study_submit(actor=cast.agent, case_study=draft)
    services.case_study_review(actor=cast.supervisor, case_study=draft, approve=True)
    en = _page(client, "en", f"/knowledge/cases/{draft.pk}/")
    assert "商家退款并道歉。" in en and "Case status" not in en


@pytest.mark.parametrize(("language", "byline"), [("zh-hans", "作者：维权平台消费者教育组"),
                                                  ("en", "Consumer education team")])
def test_seeded_team_bylines_are_translated(client, language, byline):
    article = Article.objects.filter(author_name="维权平台消费者教育组").first()
    page = _page(client, language, f"/knowledge/a/{article.slug}/")
    assert byline in page
    if language == "en":
        assert "维权平台消费者教育组" not in page
