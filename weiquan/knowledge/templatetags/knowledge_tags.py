"""Links into the knowledge base from other apps' pages (case pages, the filing wizard, the rights guide)."""

from django import template
from django.utils.translation import gettext_lazy as _

from weiquan.knowledge import selectors
from weiquan.knowledge.models import Topic
from weiquan.knowledge.present import article_card

register = template.Library()


@register.inclusion_tag("knowledge/_related.html")
def knowledge_links(category: str = "", limit: int = 4):
    """The articles that explain a complaint category (all topics when none is given)."""
    articles = [article_card(a) for a in selectors.articles_for_category(category, limit=limit)] if category else []
    return {"articles": articles, "topics": Topic.choices if not category else []}


# The platform's own teams, as the seeded articles name them: shown in the reader's language. Any other author or
# reviewer name is a person's or team's own name and is shown as written.
TEAM_NAMES = {"维权平台消费者教育组": _("维权平台消费者教育组"), "维权平台合规组": _("维权平台合规组")}


@register.filter
def team_name(name: str) -> str:
    return str(TEAM_NAMES.get(name, name))
