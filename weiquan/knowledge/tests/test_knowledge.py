"""The knowledge base: seeded articles, Chinese search, versions, citations in law names; case studies published
only after another staff member's review, without personal data; the platform rules' seven-day notice."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from weiquan.accounts.models import Role
from weiquan.complaints.models import Status
from weiquan.knowledge import selectors, services
from weiquan.knowledge.models import Article, ArticleVersion, CaseStudy, CaseStudyStatus, RuleDocument
from weiquan.knowledge.redact import scrub
from weiquan.knowledge.seed_articles import ARTICLES
from weiquan.testing.cases import drive_to
from weiquan.testing.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_migration_seeds_every_article_with_a_first_version():
    assert Article.objects.count() == len(ARTICLES) >= 20
    assert Article.objects.filter(kind="article").count() >= 20
    assert ArticleVersion.objects.filter(number=1).count() == len(ARTICLES)
    topics = set(Article.objects.values_list("topic", flat=True))
    assert {"no_reason", "quality", "food_safety", "false_advertising", "price", "personal_data"} <= topics


@pytest.mark.parametrize(("query", "best"), [
    ("七天无理由", {"seven-day-return-basics"}),
    ("7天无理由退货", {"seven-day-return-basics"}),
    ("拆封了还能退吗", {"seven-day-return-opened-goods"}),
    ("十倍赔偿", {"food-label-flaws", "food-safety-tenfold"}),  # both titles ask about it
    ("退一赔三", {"fraud-refund-plus-three"}),
    ("fraud", {"fraud-refund-plus-three"}),
])
def test_search_finds_the_article_that_answers_the_question(query, best):
    found = selectors.articles_search(query)
    assert {a.slug for a in found[:len(best)]} == best


def test_search_without_any_match_finds_nothing():
    assert selectors.articles_search("火星快递") == []


def test_the_public_search_page(client):
    response = client.get("/knowledge/", {"q": "七天无理由"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "七天无理由退货：哪些情况可以退，怎么算七天" in html
    assert "/knowledge/a/seven-day-return-basics/" in html


def test_an_article_cites_its_rules_by_law_name_and_never_shows_rule_ids(client):
    html = client.get("/knowledge/a/seven-day-return-basics/").content.decode()
    assert "无理由退货办法第10条" in html and "签收次日起七日内" in html
    assert "R-NR-WINDOW" not in html and "R-" not in html.split('id="kb-article"')[1].split("</article>")[0]
    assert "第 1 版" in html and "维权平台合规组" in html and "2027-05-20" in html


def test_articles_are_in_english_too(client):
    client.cookies["django_language"] = "en"
    html = client.get("/knowledge/a/seven-day-return-basics/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The 7-day no-reason return" in html


def test_an_unknown_article_is_404(client):
    assert client.get("/knowledge/a/no-such-article/").status_code == 404


def test_editing_an_article_adds_a_version_with_its_author(cast):
    article = Article.objects.get(slug="faq-merchant-no-reply")
    services.article_save(actor=cast.agent, slug=article.slug, content={"summary_zh": "新的摘要。"},
                          change_note="更新摘要")
    article.refresh_from_db()
    assert article.version == 2 and article.author_name == "agent_a" and article.summary_zh == "新的摘要。"
    assert list(article.versions.values_list("number", "change_note")) == [(2, "更新摘要"), (1, "首版")]
    # The same text again is no new version.
    services.article_save(actor=cast.agent, slug=article.slug, content={"summary_zh": "新的摘要。"})
    assert Article.objects.get(pk=article.pk).version == 2


def test_an_article_refuses_unknown_rules_and_non_staff(cast):
    with pytest.raises(services.KnowledgeError) as error:
        services.article_save(actor=cast.agent, slug="faq-merchant-no-reply", content={"rule_ids": ["R-NOPE"]})
    assert error.value.field == "rule_ids"
    with pytest.raises(PermissionError):
        services.article_save(actor=cast.consumer, slug="faq-merchant-no-reply", content={"summary_zh": "x"})
    assert Article.objects.get(slug="faq-merchant-no-reply").version == 1


def test_articles_for_a_complaint_category():
    slugs = [a.slug for a in selectors.articles_for_category("personal_data")]
    assert slugs[0].startswith("personal-data")


# ---- case studies ------------------------------------------------------------------------------------------------

PERSONAL = ("张三", "13812341234", "世纪大道100号", "110101199003077777", "11010119900307651X")


def _closed_case(cast):
    complaint = drive_to(Status.RESOLVED, cast, owed=False)
    complaint.description = ("我叫张三，电话 138 1234 5678，身份证110101199003077777，"
                             "我妈的 11010119900307651X，地址上海市浦东新区世纪大道100号1201室。收到的外套袖口开线，要求退货退款。")
    complaint.save(update_fields=["description"])
    return complaint


def test_a_case_study_draft_has_no_personal_data_of_the_source_case(cast):
    complaint = _closed_case(cast)
    draft = services.case_study_prepare(actor=cast.agent, complaint=complaint)
    text = " ".join([draft.title, draft.facts, draft.handling, draft.outcome])
    for value in (*PERSONAL, complaint.order.order_no, complaint.reference, "138 1234 5678"):
        assert value not in text, value
    assert "袖口开线" in draft.facts and draft.status == CaseStudyStatus.DRAFT


def test_scrub_removes_the_known_values_of_the_case_even_in_formats_the_patterns_miss(cast):
    complaint = _closed_case(cast)
    assert scrub("联系 138-1234-5678 或 consumer_a", complaint) == "联系 [手机号] 或 [姓名]"


def test_only_a_closed_case_becomes_a_case_study(cast):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    with pytest.raises(services.KnowledgeError):
        services.case_study_prepare(actor=cast.agent, complaint=complaint)
    assert CaseStudy.objects.count() == 0


def test_a_case_study_is_published_only_after_another_staff_members_approval(cast, client):
    draft = services.case_study_prepare(actor=cast.agent, complaint=_closed_case(cast))
    assert client.get(f"/knowledge/cases/{draft.pk}/").status_code == 404
    services.case_study_submit(actor=cast.agent, case_study=draft)
    with pytest.raises(services.KnowledgeError):
        services.case_study_review(actor=cast.agent, case_study=draft, approve=True)
    assert CaseStudy.objects.get(pk=draft.pk).status == CaseStudyStatus.IN_REVIEW
    # An edit during review sends it back: the reviewer approves the text that is published.
    services.case_study_update(actor=cast.supervisor, case_study=draft, changes={"lesson": "保留开箱视频。"})
    services.case_study_submit(actor=cast.supervisor, case_study=draft)
    with pytest.raises(services.KnowledgeError):
        services.case_study_review(actor=cast.supervisor, case_study=draft, approve=True)
    published = services.case_study_review(actor=cast.supervisor2, case_study=draft, approve=True, note="可以发布")
    assert published.status == CaseStudyStatus.PUBLISHED and published.reviewed_by == cast.supervisor2
    html = client.get(f"/knowledge/cases/{draft.pk}/").content.decode()
    assert "保留开箱视频。" in html
    listing = client.get("/knowledge/cases/", {"category": "quality"}).content.decode()
    assert f"/knowledge/cases/{draft.pk}/" in listing
    assert f"/knowledge/cases/{draft.pk}/" not in client.get("/knowledge/cases/", {"category": "price"}).content.decode()
    assert [e.action for e in published.events.all()] == ["prepared", "submitted", "edited", "submitted", "approved"]


@pytest.mark.parametrize("who", ["consumer", "merchant"])
def test_non_staff_cannot_prepare_or_reach_the_console(cast, who):
    complaint = _closed_case(cast)
    client = Client()
    client.force_login(getattr(cast, who))
    assert client.get("/knowledge/console/cases/").status_code == 403
    assert client.post("/knowledge/console/cases/", {"reference": complaint.reference}).status_code == 403
    assert CaseStudy.objects.count() == 0


def test_staff_prepare_from_the_console_by_reference(cast):
    complaint = _closed_case(cast)
    client = Client()
    client.force_login(cast.agent)
    response = client.post("/knowledge/console/cases/", {"reference": complaint.reference})
    created = CaseStudy.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/knowledge/console/cases/{created.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "13812341234" not in page and "张三" not in page


# ---- platform rules ----------------------------------------------------------------------------------------------

def test_a_rule_change_needs_seven_days_notice_and_a_summary(cast):
    document = RuleDocument.objects.get(slug="trading-rules")
    now = timezone.now()
    with pytest.raises(services.KnowledgeError) as error:
        services.rule_version_announce(actor=cast.supervisor, document=document, body_zh="新", body_en="new",
                                       change_summary_zh="改", change_summary_en="c",
                                       effective_at=now + timedelta(days=6, hours=23))
    assert error.value.field == "effective_at"
    with pytest.raises(services.KnowledgeError) as error:
        services.rule_version_announce(actor=cast.supervisor, document=document, body_zh="新", body_en="new",
                                       change_summary_zh="", change_summary_en="",
                                       effective_at=now + timedelta(days=8))
    assert error.value.field == "change_summary_zh"
    assert document.versions.count() == 1
    version = services.rule_version_announce(actor=cast.supervisor, document=document,
                                             body_zh=document.versions.get().body_zh + "\n第七条 新增条款。",
                                             body_en="new", change_summary_zh="新增第七条", change_summary_en="Art.7",
                                             effective_at=now + timedelta(days=8))
    assert version.number == 2
    assert selectors.rule_version_in_force(document).number == 1


def test_merchants_see_what_changed_and_anyone_logged_in_may_comment(cast):
    document = RuleDocument.objects.get(slug="trading-rules")
    services.rule_version_announce(actor=cast.supervisor, document=document,
                                   body_zh=document.versions.get().body_zh + "\n第七条 新增条款。", body_en="new",
                                   change_summary_zh="新增第七条", change_summary_en="Art.7",
                                   effective_at=timezone.now() + timedelta(days=8))
    client = Client()
    client.force_login(cast.merchant)
    index = client.get("/rules/").content.decode()
    assert "第 2 版已公示" in index
    page = client.get("/rules/trading-rules/v2/").content.decode()
    assert "<ins>+ 第七条 新增条款。</ins>" in page and "新增第七条" in page
    assert client.post("/rules/trading-rules/v2/comment/", {"text": "请延长过渡期。"}).status_code == 302
    assert "请延长过渡期。" in client.get("/rules/trading-rules/v2/").content.decode()
    # The version in force takes no comments any more; anonymous visitors are sent to log in.
    client.post("/rules/trading-rules/v1/comment/", {"text": "晚了"})
    assert document.versions.get(number=1).comments.count() == 0
    assert Client().post("/rules/trading-rules/v2/comment/", {"text": "x"}).status_code == 302
    assert document.versions.get(number=2).comments.count() == 1
    assert client.get("/rules/trading-rules/announce/").status_code == 403


def test_only_supervisors_compliance_and_administrators_announce_rule_changes(cast):
    document = RuleDocument.objects.get(slug="trading-rules")
    form = {"body_zh": document.versions.get().body_zh + "\n第七条 新增条款。", "body_en": "new",
            "change_summary_zh": "新增第七条", "change_summary_en": "Art.7",
            "effective_on": (timezone.localdate() + timedelta(days=9)).isoformat()}
    analyst = make_user(Role.ANALYST, username="analyst_rules")
    for refused in (cast.agent, analyst, cast.merchant, cast.consumer):
        client = Client()
        client.force_login(refused)
        assert client.get("/rules/trading-rules/announce/").status_code == 403
        assert client.post("/rules/trading-rules/announce/", form).status_code == 403
        assert "/rules/trading-rules/announce/" not in client.get("/rules/trading-rules/").content.decode()
        with pytest.raises(PermissionError):
            services.rule_version_announce(actor=refused, document=document, body_zh=form["body_zh"], body_en="new",
                                           change_summary_zh="新增第七条", change_summary_en="Art.7",
                                           effective_at=timezone.now() + timedelta(days=8))
    assert document.versions.count() == 1
    client = Client()
    client.force_login(cast.compliance)
    assert "/rules/trading-rules/announce/" in client.get("/rules/trading-rules/").content.decode()
    response = client.post("/rules/trading-rules/announce/", form)
    assert response.status_code == 302 and response["Location"] == "/rules/trading-rules/v2/"
    assert document.versions.count() == 2
