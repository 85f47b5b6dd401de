"""Words for codes shown on pages: event types, status actions, problems and refusals."""

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from weiquan.merchants.event_types import GovernanceEventType

EVENT_LABELS: dict[str, Promise] = {
    GovernanceEventType.APPLICATION_CREATED: _("创建资质申请"),
    GovernanceEventType.APPLICATION_UPDATED: _("修改申请信息"),
    GovernanceEventType.APPLICATION_SUBMITTED: _("提交审核"),
    GovernanceEventType.APPLICATION_INFO_REQUESTED: _("要求补充材料"),
    GovernanceEventType.APPLICATION_APPROVED: _("资质审核通过"),
    GovernanceEventType.APPLICATION_REJECTED: _("资质申请驳回"),
    GovernanceEventType.LICENCE_ADDED: _("上传证照"),
    GovernanceEventType.LICENCE_EXPIRING: _("证照30天内到期"),
    GovernanceEventType.LICENCE_EXPIRED: _("证照已过期"),
    GovernanceEventType.REVERIFICATION_SCHEDULED: _("安排首次核验"),
    GovernanceEventType.REVERIFICATION_OPENED: _("开启定期核验"),
    GovernanceEventType.REVERIFICATION_DUE_CHANGED: _("核验截止日提前"),
    GovernanceEventType.REVERIFICATION_REMINDED: _("核验提醒"),
    GovernanceEventType.REVERIFICATION_LAPSED: _("核验逾期"),
    GovernanceEventType.STATUS_CHANGED: _("经营状态变更"),
    GovernanceEventType.STATUS_PUBLISHED: _("处理决定已公示"),
    GovernanceEventType.PENALTY_IMPOSED: _("作出处罚"),
    GovernanceEventType.PENALTY_LIFTED: _("解除处罚"),
    GovernanceEventType.PENALTY_EXPIRED: _("处罚期满"),
    GovernanceEventType.PENALTY_APPEALED: _("商家申诉"),
    GovernanceEventType.PENALTY_APPEAL_DECIDED: _("申诉复核"),
    GovernanceEventType.DEPOSIT_TOP_UP: _("保证金缴纳"),
    GovernanceEventType.DEPOSIT_HOLD: _("保证金冻结"),
    GovernanceEventType.DEPOSIT_RELEASE: _("保证金解冻"),
    GovernanceEventType.DEPOSIT_WITHDRAWAL: _("保证金退还"),
    GovernanceEventType.DEPOSIT_ADVANCE_COMPENSATION: _("保证金先行赔付"),
    GovernanceEventType.TOPUP_REQUESTED: _("要求补缴保证金"),
    GovernanceEventType.LISTING_COMPLIANT: _("商品信息已完整"),
    GovernanceEventType.LISTING_NONCOMPLIANT: _("商品信息不全"),
    GovernanceEventType.LISTING_DELISTED: _("商品下架"),
    GovernanceEventType.PRICE_FLAG_RAISED: _("划线价疑似违规"),
    GovernanceEventType.PRICE_FLAG_CLEARED: _("划线价复核通过"),
    GovernanceEventType.PRICE_FLAG_RESOLVED: _("划线价已纠正"),
    GovernanceEventType.PRICE_FLAG_DISMISSED: _("划线价提示已排除"),
    GovernanceEventType.INSPECTION_PASSED: _("抽检合格"),
    GovernanceEventType.INSPECTION_FAILED: _("抽检不合格"),
    GovernanceEventType.SNAPSHOT: _("系统升级时补建的记录快照"),
}


def event_label(event_type: str) -> str:
    """The words for a governance event type, in the active language; never the code (a row written with a type the
    vocabulary no longer has reads as a plain "record")."""
    return str(EVENT_LABELS.get(event_type, _("记录")))


ACTION_LABELS = {
    "approve": _("审核通过，开始经营"),
    "warn": _("警示"),
    "restrict": _("限制经营"),
    "suspend": _("暂停经营"),
    "ease_to_restricted": _("改为限制经营"),
    "ease_to_warned": _("改为警示"),
    "reinstate": _("恢复正常经营"),
    "exit": _("终止服务"),
}

STATUS_MEANING = {
    "applying": _("资质审核中，尚未开始经营"),
    "active": _("正常经营"),
    "warned": _("受到警示，可正常经营"),
    "restricted": _("限制经营：不得发布新商品"),
    "suspended": _("暂停经营：停止销售"),
    "exited": _("已退出平台"),
}

PROBLEM_LABELS = {
    "licence_missing": _("缺少证照"),
    "licence_expired": _("证照已过期"),
    "licence_not_yet_valid": _("证照尚未生效"),
    "uscc_invalid": _("统一社会信用代码无效"),
    "unknown_category": _("类目不存在"),
    "category_missing": _("请选择主营类目"),
}



def problem_rows(problems: list[dict]) -> list[dict]:
    """An application's problems for a page: what is wrong (`text`) and the licence it is about (`label`), both in
    the reader's language (a licence kind by its English name on English pages)."""
    english = (get_language() or "").startswith("en")
    return [dict(p, text=PROBLEM_LABELS.get(p["code"], p["code"]),
                 label=(p.get("label_en") if english else "") or p["label"]) for p in problems]


ERROR_LABELS = {
    "requirements_missing": _("所属类目要求的证照不齐全或不在有效期内，不能通过审核。"),
    "insufficient_deposit": _("保证金可用余额不足。"),
    "not_editable": _("申请已提交，不能再修改；如需补充请等待审核意见。"),
    "not_submitted": _("只有已提交的申请才能审核。"),
    "illegal_transition": _("当前经营状态下不能采取这一措施。"),
    "forbidden": _("您没有权限进行这项操作。"),
    "reviewer_made_decision": _("申诉须由作出处罚以外的合规专员复核。"),
    "appeal_already_used": _("该处罚已申诉过。"),
    "not_in_force": _("该处罚已不再生效。"),
    "not_overdue": _("商家的履行期限尚未届满。"),
    "not_owed": _("该处理措施已不需履行。"),
    "case_refused": _("投诉案件未接受这笔赔付，未扣划保证金。"),
    "below_minimum": _("经营期间保证金不得低于类目最低额。"),
    "username_taken": _("该用户名已被使用。"),
    "uscc_in_use": _("另一份进行中的申请使用了这个统一社会信用代码。"),
    "application_open": _("已有一份进行中的申请。"),
    "file_type": _("文件须为 PDF、JPEG 或 PNG，且内容与类型一致。"),
    "file_too_large": _("文件过大。"),
    "merchant_restricted": _("商家当前不得发布新商品。"),
}

NOTICE_LABELS = {
    "penalty_imposed": _("处罚通知"),
    "appeal_decided": _("申诉结果"),
    "application_rejected": _("申请驳回"),
    "application_info_requested": _("需补充材料"),
    "reverification_opened": _("定期核验"),
    "reverification_reminder": _("核验提醒"),
    "licence_expiring": _("证照即将到期"),
    "deposit_due": _("缴纳保证金"),
    "topup_requested": _("补缴保证金"),
    "listing_noncompliant": _("商品信息不全"),
    "price_flag": _("划线价问题"),
    "fair_trading_explanation": _("公平交易情况说明"),
    "fair_trading_closed": _("公平交易提示已关闭"),
}


def error_text(exc) -> str:
    """A page-friendly message: the translated sentence for known refusals, the service's own words otherwise."""
    if exc.code.startswith("uscc_"):
        return exc.message
    label = ERROR_LABELS.get(exc.code)
    return str(label) if label else exc.message
