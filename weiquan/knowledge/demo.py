"""Demo seeds of the knowledge base: case studies from the demo's closed cases (prepared by an agent, approved by a
supervisor, as the real review requires) and an announced change of the trading rules in its comment period."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from weiquan.complaints.models import Complaint

from . import services
from .models import CaseStudy, RuleDocument

LESSONS = {
    "quality": "收到商品后尽快开箱检查并拍照留证；质量问题退换货的运费由经营者承担。",
    "safety": "食品、化妆品出现安全问题时保留实物和包装，必要时申请检测。",
    "counterfeit": "怀疑假货时保存商品和页面截图，商家应当提供进货凭证。",
    "false_advertising": "下单前后截图保存商品详情页，宣传不实可要求退货或赔偿。",
    "price": "保存活动页面和结算页面截图，结算价高于标价可要求退还差价。",
    "after_sales": "七天无理由退货自签收次日起算，及时提出并保留申请记录。",
}


@dataclass
class KnowledgeDemo:
    created: dict = field(default_factory=lambda: {"case studies": 0, "rule versions": 0})
    problems: list = field(default_factory=list)


def seed_knowledge_demo() -> KnowledgeDemo:
    report = KnowledgeDemo()
    users = get_user_model().objects
    author, reviewer = users.filter(username="agent1").first(), users.filter(username="supervisor1").first()
    if author is None or reviewer is None:
        report.problems.append("agent1 / supervisor1 missing: no case studies")
        return report
    done = set(CaseStudy.objects.values_list("source_id", flat=True))
    seen_categories: set[str] = set()
    for complaint in Complaint.objects.filter(status__in=services.CLOSED_STATUSES).order_by("id"):
        if complaint.pk in done:
            seen_categories.add(complaint.category)
            continue
        if complaint.category in seen_categories or len(seen_categories) >= 4:
            continue
        draft = services.case_study_prepare(actor=author, complaint=complaint)
        lesson = LESSONS.get(complaint.category, "遇到纠纷先与商家协商，协商不成可在平台投诉，平台会依据证据调解处理。")
        services.case_study_update(actor=author, case_study=draft, changes={"lesson": lesson})
        services.case_study_submit(actor=author, case_study=draft)
        services.case_study_review(actor=reviewer, case_study=draft, approve=True, note="已核对，无个人信息")
        seen_categories.add(complaint.category)
        report.created["case studies"] += 1
    document = RuleDocument.objects.filter(slug="trading-rules").first()
    if document is not None and document.versions.count() == 1:
        first = document.versions.get()
        services.rule_version_announce(
            actor=reviewer, document=document,
            body_zh=first.body_zh.replace("经营者应当在平台规定的时限内答复。",
                                          "经营者应当在两个工作日内答复；涉及食品安全的，应当在一个工作日内答复。")
            + "\n第七条 平台按月公开投诉处理透明度报告，包括各类投诉数量、按时答复率和解决率。",
            body_en=first.body_en.replace("who answers within the time the platform sets.",
                                          "who answers within two working days, or one working day where food "
                                          "safety is concerned.")
            + "\nArt.7 The platform publishes a monthly transparency report on complaint handling, with the number of "
              "complaints by category, the on-time response rate and the resolution rate.",
            change_summary_zh="第二条：商家答复时限明确为两个工作日，食品安全投诉为一个工作日。新增第七条：按月公开透明度报告。",
            change_summary_en="Art.2: merchants answer within two working days, one for food safety. New Art.7: a "
                              "monthly transparency report.",
            effective_at=timezone.now() + timedelta(days=10),
        )
        report.created["rule versions"] += 1
    return report
