"""Reads of the knowledge base: published articles, search, the articles for a complaint category, case studies
and platform rules as the public sees them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from . import search
from .models import Article, ArticleKind, CaseStudy, CaseStudyStatus, RuleDocument, RuleVersion, Topic

# Which knowledge topics explain each complaint category (complaints.Category values).
CATEGORY_TOPICS: dict[str, tuple[str, ...]] = {
    "quality": (Topic.QUALITY, Topic.NO_REASON),
    "safety": (Topic.FOOD_SAFETY, Topic.QUALITY),
    "price": (Topic.PRICE,),
    "measurement": (Topic.QUALITY, Topic.PRICE),
    "counterfeit": (Topic.FALSE_ADVERTISING,),
    "contract": (Topic.NO_REASON, Topic.PROCESS),
    "false_advertising": (Topic.FALSE_ADVERTISING, Topic.PRICE),
    "personal_dignity": (Topic.PROCESS,),
    "after_sales": (Topic.NO_REASON, Topic.QUALITY),
    "personal_data": (Topic.PERSONAL_DATA,),
    "other": (Topic.PROCESS,),
}


def articles_published() -> QuerySet[Article]:
    return Article.objects.filter(published=True)


def article_get_published(slug: str) -> Article | None:
    return articles_published().filter(slug=slug).first()


def _fields(article: Article, zh: bool | None) -> dict[str, str]:
    both = zh is None
    pick = (lambda z, e: f"{z}\n{e}") if both else (lambda z, e: z if zh else e)
    return {
        "title": pick(article.title_zh, article.title_en),
        "keywords": article.keywords,
        "summary": pick(article.summary_zh, article.summary_en),
        "body": pick(article.body_zh, article.body_en),
    }


def articles_search(query: str, *, topic: str = "", kind: str = "") -> list[Article]:
    """Published articles matching `query` in either language, best first (all of them, in order, without a query)."""
    rows = articles_published()
    if topic:
        rows = rows.filter(topic=topic)
    if kind:
        rows = rows.filter(kind=kind)
    rows = list(rows)
    if not query.strip():
        return rows
    return search.rank(rows, query, lambda article: _fields(article, None))


def articles_for_category(category: str, *, limit: int = 4) -> list[Article]:
    topics = CATEGORY_TOPICS.get(category, (Topic.PROCESS,))
    rows = list(articles_published().filter(topic__in=topics, kind=ArticleKind.ARTICLE))
    rows.sort(key=lambda a: (topics.index(a.topic), a.id))
    return rows[:limit]


def articles_with_replies() -> QuerySet[Article]:
    return articles_published().exclude(reply_zh="").order_by("topic", "id")


def case_studies_published(*, query: str = "", category: str = "") -> list[CaseStudy]:
    rows = CaseStudy.objects.filter(status=CaseStudyStatus.PUBLISHED).select_related("source__consumer",
                                                                                     "source__order")
    if category:
        rows = rows.filter(category=category)
    rows = list(rows.order_by("-published_at", "-id"))
    if not query.strip():
        return rows
    return search.rank(rows, query, lambda c: {"title": c.title, "keywords": "", "summary": c.lesson,
                                               "body": f"{c.facts}\n{c.handling}\n{c.outcome}"})


def case_study_get_published(pk: int) -> CaseStudy | None:
    return CaseStudy.objects.filter(pk=pk, status=CaseStudyStatus.PUBLISHED).first()


def case_studies_for_staff() -> QuerySet[CaseStudy]:
    return CaseStudy.objects.select_related("source", "prepared_by", "reviewed_by").order_by("-created_at", "-id")


def rule_documents() -> QuerySet[RuleDocument]:
    return RuleDocument.objects.all()


def rule_version_in_force(document: RuleDocument, *, at=None) -> RuleVersion | None:
    at = at or timezone.now()
    return document.versions.filter(effective_at__lte=at).order_by("-number").first()


def rule_versions_upcoming(document: RuleDocument, *, at=None) -> list[RuleVersion]:
    at = at or timezone.now()
    return list(document.versions.filter(effective_at__gt=at).order_by("number"))


def rule_changes_upcoming(*, at=None) -> list[RuleVersion]:
    """Announced versions not yet in force, for the merchants' notice."""
    at = at or timezone.now()
    return list(RuleVersion.objects.filter(effective_at__gt=at).select_related("document").order_by("effective_at"))
