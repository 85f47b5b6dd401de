"""The knowledge base's first edition and the platform rules' first version, for every install (not only the demo)."""

from datetime import date, datetime

from django.db import migrations


def seed(apps, schema_editor):
    from weiquan.knowledge.seed_articles import ARTICLES, AUTHOR, REVIEW_DUE, REVIEWED_ON, REVIEWER
    from weiquan.knowledge.seed_rules import DOCUMENTS, EFFECTIVE

    Article = apps.get_model("knowledge", "Article")
    ArticleVersion = apps.get_model("knowledge", "ArticleVersion")
    RuleDocument = apps.get_model("knowledge", "RuleDocument")
    RuleVersion = apps.get_model("knowledge", "RuleVersion")
    fields = ("topic", "kind", "title_zh", "title_en", "summary_zh", "summary_en", "body_zh", "body_en",
              "reply_zh", "reply_en", "rule_ids", "keywords")
    reviewed, due = date.fromisoformat(REVIEWED_ON), date.fromisoformat(REVIEW_DUE)
    for row in ARTICLES:
        if Article.objects.filter(slug=row["slug"]).exists():
            continue
        content = {f: row.get(f, "") for f in fields}
        article = Article.objects.create(slug=row["slug"], version=1, author_name=AUTHOR, reviewed_by_name=REVIEWER,
                                         reviewed_on=reviewed, review_due=due, published=True, **content)
        ArticleVersion.objects.create(article=article, number=1, content={**content, "published": True},
                                      author_name=AUTHOR, reviewed_by_name=REVIEWER, reviewed_on=reviewed,
                                      change_note="首版")
    effective = datetime.fromisoformat(EFFECTIVE)
    for row in DOCUMENTS:
        document, created = RuleDocument.objects.get_or_create(
            slug=row["slug"], defaults={"title_zh": row["title_zh"], "title_en": row["title_en"]})
        if created:
            RuleVersion.objects.create(document=document, number=1, body_zh=row["body_zh"], body_en=row["body_en"],
                                       announced_at=effective, comments_close_at=effective, effective_at=effective)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
