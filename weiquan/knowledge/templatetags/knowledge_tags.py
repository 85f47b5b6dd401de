"""Links into the knowledge base from other apps' pages (case pages, the filing wizard, the rights guide)."""

from django import template

from weiquan.knowledge import selectors
from weiquan.knowledge.models import Topic
from weiquan.knowledge.present import article_card

register = template.Library()


@register.inclusion_tag("knowledge/_related.html")
def knowledge_links(category: str = "", limit: int = 4):
    """The articles that explain a complaint category (all topics when none is given)."""
    articles = [article_card(a) for a in selectors.articles_for_category(category, limit=limit)] if category else []
    return {"articles": articles, "topics": Topic.choices if not category else []}
