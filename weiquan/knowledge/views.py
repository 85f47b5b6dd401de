"""Public pages of the knowledge base (articles, FAQ, case studies) and the staff pages that publish case studies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from weiquan.complaints import selectors as complaint_selectors
from weiquan.complaints.models import Category

from . import selectors, services
from .case_texts import case_study_shown, case_study_title_shown
from .models import ArticleKind, CaseStudy, CaseStudyStatus, Topic
from .present import article_card, citations, zh


def _staff_only(user) -> None:
    if not getattr(user, "is_platform_staff", False):
        raise PermissionDenied


@require_GET
def index(request):
    query = request.GET.get("q", "").strip()[:100]
    topic = request.GET.get("topic", "")
    topic = topic if topic in Topic.values else ""
    found = selectors.articles_search(query, topic=topic)
    articles = [article_card(a) for a in found if a.kind == ArticleKind.ARTICLE]
    faqs = [article_card(a) for a in found if a.kind == ArticleKind.FAQ]
    return render(request, "knowledge/index.html", {
        "query": query, "topic": topic, "topics": Topic.choices, "articles": articles, "faqs": faqs,
        "searched": bool(query or topic), "count": len(found),
    })


@require_GET
def article(request, slug: str):
    row = selectors.article_get_published(slug)
    if row is None:
        raise Http404
    chinese = zh()
    related = [article_card(a) for a in selectors.articles_search("", topic=row.topic) if a.pk != row.pk][:4]
    return render(request, "knowledge/article.html", {
        "article": row, "title": row.title(chinese), "summary": row.summary(chinese), "body": row.body(chinese),
        "citations": citations(row.rule_ids), "related": related,
        "versions": row.versions.order_by("-number")[:10],
    })


@require_GET
def case_studies(request):
    query = request.GET.get("q", "").strip()[:100]
    category = request.GET.get("category", "")
    category = category if category in Category.values else ""
    rows = selectors.case_studies_published(query=query, category=category)
    labels = dict(Category.choices)
    return render(request, "knowledge/case_studies.html", {
        "query": query, "category": category, "categories": Category.choices,
        "rows": [{"row": r, "category_label": labels.get(r.category, ""), "title": case_study_title_shown(r)} for r in rows],
    })


@require_GET
def case_study(request, pk: int):
    row = selectors.case_study_get_published(pk)
    if row is None:
        raise Http404
    return render(request, "knowledge/case_study.html", {
        "row": row, "category_label": dict(Category.choices).get(row.category, ""), "shown": case_study_shown(row),
        "citations": citations(row.rule_ids),
    })


# ---- staff: preparing, reviewing and publishing case studies ------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def console_case_studies(request):
    _staff_only(request.user)
    if request.method == "POST":
        reference = request.POST.get("reference", "").strip()
        complaint = complaint_selectors.complaints_visible_to(request.user).filter(reference=reference).first()
        if complaint is None:
            messages.error(request, _("找不到该投诉编号"))
        else:
            try:
                created = services.case_study_prepare(actor=request.user, complaint=complaint)
            except services.KnowledgeError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("已生成草稿，个人信息已去除，请核对后提交审核"))
                return redirect("knowledge:console_case_study", pk=created.pk)
    closed = (complaint_selectors.complaints_visible_to(request.user).processable()
              .filter(status__in=services.CLOSED_STATUSES).order_by("-closed_at", "-id")[:20])
    return render(request, "knowledge/console_case_studies.html", {
        "rows": selectors.case_studies_for_staff()[:100], "closed": closed,
    })


@login_required
@require_GET
def console_case_study(request, pk: int):
    _staff_only(request.user)
    row = get_object_or_404(selectors.case_studies_for_staff(), pk=pk)
    return render(request, "knowledge/console_case_study.html", {
        "row": row, "events": row.events.select_related("actor"), "categories": Category.choices,
        "citations": citations(row.rule_ids), "editable": row.status in (CaseStudyStatus.DRAFT,
                                                                          CaseStudyStatus.IN_REVIEW),
        "rule_ids_text": " ".join(row.rule_ids),
    })


@login_required
@require_POST
def console_case_study_act(request, pk: int):
    _staff_only(request.user)
    row = get_object_or_404(CaseStudy, pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "save":
            changes = {k: request.POST.get(k, "") for k in ("title", "facts", "handling", "outcome", "lesson")}
            changes["rule_ids"] = request.POST.get("rule_ids", "").replace(",", " ").split()
            if request.POST.get("category") in Category.values:
                changes["category"] = request.POST["category"]
            services.case_study_update(actor=request.user, case_study=row, changes=changes)
            messages.success(request, _("已保存"))
        elif action == "submit":
            services.case_study_submit(actor=request.user, case_study=row)
            messages.success(request, _("已提交审核，须由另一位工作人员审核后发布"))
        elif action in ("approve", "return"):
            services.case_study_review(actor=request.user, case_study=row, approve=action == "approve",
                                       note=request.POST.get("note", ""))
            messages.success(request, _("已发布") if action == "approve" else _("已退回修改"))
        elif action == "withdraw":
            services.case_study_withdraw(actor=request.user, case_study=row, note=request.POST.get("note", ""))
            messages.success(request, _("已撤下"))
        else:
            messages.error(request, _("未知的操作"))
    except services.KnowledgeError as exc:
        messages.error(request, exc.message)
    return redirect("knowledge:console_case_study", pk=row.pk)



@require_GET
def transparency(request):
    import csv

    from django.http import HttpResponse

    from .transparency import MERCHANT_MIN_VOLUME, SUPPRESS_BELOW, report

    data = report()
    labels = dict(Category.choices)
    for row in data["by_category"]:
        row["label"] = labels.get(row["group"], row["group"])
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="transparency.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(["table", "month", "group", "complaints", "on_time_rate", "resolution_rate",
                         "median_resolution_days", "satisfaction"])
        for table in ("by_category", "by_merchant"):
            for row in data[table]:
                writer.writerow([table, row["month"], row["group"]] + [
                    "suppressed" if row[k] is None else row[k]
                    for k in ("complaints", "on_time_rate", "resolution_rate", "median_resolution_days",
                              "satisfaction")])
        return response
    return render(request, "knowledge/transparency.html", {**data, "suppress_below": SUPPRESS_BELOW,
                                                            "min_volume": MERCHANT_MIN_VOLUME})
