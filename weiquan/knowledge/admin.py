from django.contrib import admin

from .models import Article, ArticleVersion, CaseStudy, RuleDocument, RuleVersion


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("slug", "topic", "kind", "version", "review_due", "published")
    list_filter = ("topic", "kind", "published")
    search_fields = ("slug", "title_zh", "title_en")
    readonly_fields = ("version",)

    def save_model(self, request, obj, form, change):
        # Through the service, so that every change is a new version with its author.
        from .models import VERSIONED_FIELDS
        from .services import article_save

        saved = article_save(actor=request.user, slug=obj.slug,
                             content={f: getattr(obj, f) for f in VERSIONED_FIELDS},
                             reviewed_by_name=obj.reviewed_by_name, reviewed_on=obj.reviewed_on,
                             review_due=obj.review_due, change_note="admin")
        obj.pk = saved.pk


@admin.register(ArticleVersion)
class ArticleVersionAdmin(admin.ModelAdmin):
    list_display = ("article", "number", "author_name", "created_at")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CaseStudy)
class CaseStudyAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "status", "published_at")
    list_filter = ("status", "category")

    def has_change_permission(self, request, obj=None):
        return False  # reviewed publication goes through the console pages


admin.site.register(RuleDocument)


@admin.register(RuleVersion)
class RuleVersionAdmin(admin.ModelAdmin):
    list_display = ("document", "number", "announced_at", "effective_at")

    def has_change_permission(self, request, obj=None):
        return False  # announced versions never change
