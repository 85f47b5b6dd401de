"""Writes of the knowledge base. Each write keeps its own record: an article version, a case-study event, a rule
version (rule versions are never edited once announced)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weiquan.core.errors import DomainError
from weiquan.rights.rules import RULE_TITLES

from .models import (
    VERSIONED_FIELDS,
    Article,
    ArticleVersion,
    CaseStudy,
    CaseStudyEvent,
    CaseStudyStatus,
    RuleComment,
    RuleDocument,
    RuleVersion,
    Topic,
)
from .redact import case_study_draft_text

# E-commerce Law Art.34: a change to the platform's rules is published at least seven days before it takes effect.
RULE_NOTICE_DAYS = 7
CLOSED_STATUSES = frozenset({"resolved", "closed"})


class KnowledgeError(DomainError, ValueError):
    """A refused write; `field` names the input at fault (None: the request as a whole)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__("invalid", message, field=field)


def _is_staff(user) -> bool:
    return bool(getattr(user, "is_platform_staff", False))


# Announcing a change to the platform's rules binds every merchant (E-commerce Law Art.34): the complaint team's
# supervisors, compliance officers and administrators do it; agents and analysts read the rules like anyone else.
RULE_ANNOUNCER_ROLES = frozenset({"supervisor", "compliance", "admin"})


def can_announce_rules(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and (
        getattr(user, "is_superuser", False) or getattr(user, "role", "") in RULE_ANNOUNCER_ROLES))


def _require_staff(actor) -> None:
    if not _is_staff(actor):
        raise PermissionError("platform staff only")


def _check_rules(rule_ids) -> list[str]:
    rule_ids = [str(r).strip() for r in (rule_ids or []) if str(r).strip()]
    unknown = [r for r in rule_ids if r not in RULE_TITLES]
    if unknown:
        raise KnowledgeError(_("未知的规则：%(rules)s") % {"rules": ", ".join(unknown)}, "rule_ids")
    return list(dict.fromkeys(rule_ids))


@transaction.atomic
def article_save(*, actor, slug: str, content: dict, author_name: str = "", change_note: str = "",
                 reviewed_by_name: str = "", reviewed_on: date | None = None,
                 review_due: date | None = None) -> Article:
    """Create or change an article; every saved text becomes a new numbered version with its author."""
    if actor is not None:
        _require_staff(actor)
    content = {k: v for k, v in content.items() if k in VERSIONED_FIELDS}
    if "rule_ids" in content:
        content["rule_ids"] = _check_rules(content["rule_ids"])
    if "topic" in content and content["topic"] not in Topic.values:
        raise KnowledgeError(_("未知的主题"), "topic")
    for required in ("title_zh", "title_en", "body_zh", "body_en"):
        if required in content and not str(content[required]).strip():
            raise KnowledgeError(_("此项不能为空"), required)
    author = author_name or (actor.get_username() if actor is not None else "")
    article = Article.objects.select_for_update().filter(slug=slug).first()
    if article is None:
        missing = [f for f in ("topic", "title_zh", "title_en", "summary_zh", "summary_en", "body_zh", "body_en")
                   if not content.get(f)]
        if missing:
            raise KnowledgeError(_("此项不能为空"), missing[0])
        article = Article(slug=slug, version=0)
    elif not any(getattr(article, k) != v for k, v in content.items()):
        return article  # nothing changed: no new version
    for name, value in content.items():
        setattr(article, name, value)
    article.version += 1
    article.author_name = author
    article.reviewed_by_name = reviewed_by_name
    article.reviewed_on = reviewed_on
    article.review_due = review_due or ((reviewed_on or timezone.localdate()) + timedelta(days=182))
    article.save()
    ArticleVersion.objects.create(
        article=article, number=article.version, content={f: getattr(article, f) for f in VERSIONED_FIELDS},
        author=actor, author_name=author, reviewed_by_name=reviewed_by_name, reviewed_on=reviewed_on,
        change_note=change_note[:300],
    )
    return article


# ---- case studies -------------------------------------------------------------------------------------------------

def _log(case_study: CaseStudy, action: str, actor, note: str = "") -> None:
    CaseStudyEvent.objects.create(case_study=case_study, action=action, actor=actor, note=note[:300])


@transaction.atomic
def case_study_prepare(*, actor, complaint) -> CaseStudy:
    """A draft from a closed case, its text already through the redactor; staff edit it before review."""
    _require_staff(actor)
    if complaint.status not in CLOSED_STATUSES:
        raise KnowledgeError(_("只能从已解决或已关闭的案件编写典型案例"), "complaint")
    from weiquan.complaints.models import Complaint

    if not Complaint.objects.processable().filter(pk=complaint.pk).exists():  # R-PIPL-DELETE: legal claims only
        raise KnowledgeError(_("该消费者的个人信息已停止处理，不能用于编写典型案例"), "complaint")
    draft = case_study_draft_text(complaint)
    case_study = CaseStudy.objects.create(source=complaint, category=complaint.category, prepared_by=actor, **draft)
    _log(case_study, "prepared", actor)
    return case_study


EDITABLE = ("title", "facts", "handling", "outcome", "lesson", "rule_ids", "category")


@transaction.atomic
def case_study_update(*, actor, case_study: CaseStudy, changes: dict) -> CaseStudy:
    _require_staff(actor)
    case_study = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    if case_study.status not in (CaseStudyStatus.DRAFT, CaseStudyStatus.IN_REVIEW):
        raise KnowledgeError(_("已发布的案例不能修改，请先撤下"))
    changes = {k: v for k, v in changes.items() if k in EDITABLE}
    if "rule_ids" in changes:
        changes["rule_ids"] = _check_rules(changes["rule_ids"])
    for name in ("title", "facts", "handling", "outcome"):
        if name in changes and not str(changes[name]).strip():
            raise KnowledgeError(_("此项不能为空"), name)
    for name, value in changes.items():
        setattr(case_study, name, value)
    # An edit after submission sends it back to draft: the reviewer must approve the text that is published.
    case_study.status = CaseStudyStatus.DRAFT
    case_study.save()
    _log(case_study, "edited", actor)
    return case_study


@transaction.atomic
def case_study_submit(*, actor, case_study: CaseStudy) -> CaseStudy:
    _require_staff(actor)
    case_study = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    if case_study.status != CaseStudyStatus.DRAFT:
        raise KnowledgeError(_("只有草稿可以提交审核"))
    case_study.status = CaseStudyStatus.IN_REVIEW
    case_study.save(update_fields=["status"])
    _log(case_study, "submitted", actor)
    return case_study


@transaction.atomic
def case_study_review(*, actor, case_study: CaseStudy, approve: bool, note: str = "") -> CaseStudy:
    """Approve (and so publish) or send back. The reviewer is never the person who prepared or last edited it."""
    _require_staff(actor)
    case_study = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    if case_study.status != CaseStudyStatus.IN_REVIEW:
        raise KnowledgeError(_("该案例不在待审核状态"))
    editors = set(case_study.events.filter(action__in=("prepared", "edited", "submitted"))
                  .values_list("actor_id", flat=True))
    if actor.pk in editors:
        raise KnowledgeError(_("审核人不能是编写或修改该案例的人"))
    if approve:
        case_study.status = CaseStudyStatus.PUBLISHED
        case_study.reviewed_by = actor
        case_study.published_at = timezone.now()
    else:
        if not note.strip():
            raise KnowledgeError(_("退回时请写明原因"), "note")
        case_study.status = CaseStudyStatus.DRAFT
    case_study.review_note = note[:300]
    case_study.save()
    _log(case_study, "approved" if approve else "returned", actor, note)
    return case_study


@transaction.atomic
def case_study_withdraw(*, actor, case_study: CaseStudy, note: str = "") -> CaseStudy:
    _require_staff(actor)
    case_study = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    if case_study.status != CaseStudyStatus.PUBLISHED:
        raise KnowledgeError(_("只有已发布的案例可以撤下"))
    case_study.status = CaseStudyStatus.WITHDRAWN
    case_study.save(update_fields=["status"])
    _log(case_study, "withdrawn", actor, note)
    return case_study


# ---- platform rules -----------------------------------------------------------------------------------------------

@transaction.atomic
def rule_version_announce(*, actor, document: RuleDocument, body_zh: str, body_en: str, change_summary_zh: str,
                          change_summary_en: str, effective_at, comments_close_at=None, now=None) -> RuleVersion:
    """Publish a new version: in force no earlier than seven days after today, open for comment until it is."""
    if actor is not None and not can_announce_rules(actor):
        raise PermissionError("only supervisors, compliance officers and administrators announce rule changes")
    now = now or timezone.now()
    previous = document.versions.order_by("-number").first()
    if not body_zh.strip():
        raise KnowledgeError(_("此项不能为空"), "body_zh")
    if not body_en.strip():
        raise KnowledgeError(_("此项不能为空"), "body_en")
    if previous is not None:
        if effective_at < now + timedelta(days=RULE_NOTICE_DAYS):
            raise KnowledgeError(_("规则修改须至少提前七日公示后才能生效"), "effective_at")
        if not change_summary_zh.strip():
            raise KnowledgeError(_("请说明修改了什么"), "change_summary_zh")
        if previous.effective_at > now:
            raise KnowledgeError(_("上一版本尚未生效，请等其生效后再公示新版本"), "effective_at")
    comments_close_at = comments_close_at or effective_at
    if comments_close_at > effective_at or comments_close_at <= now and previous is not None:
        raise KnowledgeError(_("意见征集应在公示后、生效前截止"), "comments_close_at")
    return RuleVersion.objects.create(
        document=document, number=(previous.number + 1) if previous else 1, body_zh=body_zh, body_en=body_en,
        change_summary_zh=change_summary_zh, change_summary_en=change_summary_en, announced_at=now,
        comments_close_at=comments_close_at, effective_at=effective_at, announced_by=actor,
    )


@transaction.atomic
def rule_comment_add(*, actor, version: RuleVersion, text: str, now=None) -> RuleComment:
    now = now or timezone.now()
    if not getattr(actor, "is_authenticated", False):
        raise PermissionError("log in to comment")
    if not (version.announced_at <= now < version.comments_close_at):
        raise KnowledgeError(_("意见征集期已结束"))
    text = text.strip()
    if not text:
        raise KnowledgeError(_("此项不能为空"), "text")
    if len(text) > 4000:
        raise KnowledgeError(_("意见不能超过 4000 字"), "text")
    return RuleComment.objects.create(version=version, author=actor, text=text)
