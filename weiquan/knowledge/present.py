"""How knowledge rows are shown: in the page's language, rule IDs resolved to law names (never shown as codes)."""

from __future__ import annotations

from django.utils import translation

from weiquan.rights.explain import rule_refs


def zh() -> bool:
    return (translation.get_language() or "zh-hans").lower().startswith("zh")


def citations(rule_ids) -> list[dict]:
    """[{title, article}] for each rule: the law's name and article, and what the rule says in a few words."""
    return [{"title": ref["title"], "article": ref["article"]} for ref in rule_refs(rule_ids or []) if ref["title"]]


def article_card(article) -> dict:
    chinese = zh()
    return {
        "slug": article.slug, "title": article.title(chinese), "summary": article.summary(chinese),
        "topic": article.get_topic_display(), "kind": article.kind,
    }
