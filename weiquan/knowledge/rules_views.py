"""The platform's published rules at /rules/ (E-commerce Law Art.34): every version, what changed, a comment period
before a change takes effect, and the staff form that announces a change."""

from __future__ import annotations

import difflib
from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import selectors, services
from .models import RuleDocument, RuleVersion
from .present import zh


def _diff(old: str, new: str) -> list[dict]:
    """Line-by-line changes: [{kind: same|added|removed, text}], for merchants to see what changed."""
    rows = []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        code, text = line[:2], line[2:]
        if code == "? ":
            continue
        rows.append({"kind": {"+ ": "added", "- ": "removed"}.get(code, "same"), "text": text})
    return rows


@require_GET
def index(request):
    chinese, now = zh(), timezone.now()
    documents = []
    for document in selectors.rule_documents():
        documents.append({
            "document": document, "title": document.title(chinese),
            "current": selectors.rule_version_in_force(document, at=now),
            "upcoming": selectors.rule_versions_upcoming(document, at=now),
        })
    return render(request, "knowledge/rules_index.html", {"documents": documents})


@require_GET
def version(request, slug: str, number: int | None = None):
    chinese, now = zh(), timezone.now()
    document = get_object_or_404(RuleDocument, slug=slug)
    if number is None:
        shown = selectors.rule_version_in_force(document, at=now) or document.versions.order_by("number").first()
        if shown is None:
            raise Http404
    else:
        shown = get_object_or_404(RuleVersion, document=document, number=number)
    previous = document.versions.filter(number__lt=shown.number).order_by("-number").first()
    return render(request, "knowledge/rules_version.html", {
        "document": document, "title": document.title(chinese), "version": shown, "body": shown.body(chinese),
        "change_summary": shown.change_summary(chinese),
        "diff": _diff(previous.body(chinese), shown.body(chinese)) if previous else [],
        "previous": previous, "in_force": shown.effective_at <= now,
        "commenting_open": shown.announced_at <= now < shown.comments_close_at,
        "comments": shown.comments.select_related("author"),
        "versions": document.versions.order_by("-number"),
        "upcoming": selectors.rule_versions_upcoming(document, at=now),
        "can_announce": services.can_announce_rules(request.user),
    })


@require_POST
def comment(request, slug: str, number: int):
    if not request.user.is_authenticated:
        return redirect(f"{_login_url()}?next={request.path}")
    shown = get_object_or_404(RuleVersion, document__slug=slug, number=number)
    try:
        services.rule_comment_add(actor=request.user, version=shown, text=request.POST.get("text", ""))
    except services.KnowledgeError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("感谢您的意见，已公开记录"))
    return redirect("platform_rules:version", slug=slug, number=number)


def _login_url() -> str:
    from django.conf import settings

    return settings.LOGIN_URL


@require_http_methods(["GET", "POST"])
def announce(request, slug: str):
    if not services.can_announce_rules(request.user):
        if not request.user.is_authenticated:
            return redirect(f"{_login_url()}?next={request.path}")
        raise PermissionDenied
    document = get_object_or_404(RuleDocument, slug=slug)
    current = document.versions.order_by("-number").first()
    earliest = timezone.localdate() + timedelta(days=services.RULE_NOTICE_DAYS + 1)
    values = {"body_zh": current.body_zh if current else "", "body_en": current.body_en if current else "",
              "change_summary_zh": "", "change_summary_en": "", "effective_on": earliest.isoformat()}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        try:
            day = datetime.strptime(values["effective_on"], "%Y-%m-%d").date()
        except ValueError:
            messages.error(request, _("请填写有效的生效日期"))
        else:
            effective = timezone.make_aware(datetime.combine(day, time.min))
            try:
                created = services.rule_version_announce(
                    actor=request.user, document=document, body_zh=values["body_zh"], body_en=values["body_en"],
                    change_summary_zh=values["change_summary_zh"], change_summary_en=values["change_summary_en"],
                    effective_at=effective)
            except services.KnowledgeError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("已公示，意见征集至生效前"))
                return redirect("platform_rules:version", slug=slug, number=created.number)
    return render(request, "knowledge/rules_announce.html", {
        "document": document, "title": document.title(zh()), "values": values, "earliest": earliest,
    })
