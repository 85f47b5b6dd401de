"""Words people read for the case's events and actions (zh-Hans source strings, English in the catalogue)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from weiquan.complaints.event_types import EventType

# Every EventType has its words here; the two keys that are not event types name older records' changes.
EVENT_LABELS = {
    EventType.SUBMITTED: _("提交了投诉"),
    EventType.PRIORITY_CHANGED: _("调整了优先级"),
    EventType.CATEGORY_CHANGED: _("更正了投诉类别"),
    EventType.CATEGORY_CONFIRMED: _("确认了投诉类别"),
    EventType.REFERRED: _("平台将案件移送外部机构"),
    EventType.REFERRAL_MESSAGE: _("与外部机构往来留言"),
    EventType.REFERRAL_DOCUMENT_REQUEST: _("外部机构调取材料"),
    EventType.REFERRAL_OUTCOME: _("外部机构反馈办理结果"),
    EventType.TRANSFER_MERCHANT_MATCHED: _("平台为转办投诉确认了被投诉商家"),
    EventType.FACTS_ADDED: _("补充了案件事实，权利评估已更新"),
    "return_received": _("商家收到退回的商品，权利评估已更新"),
    EventType.ACCEPT: _("平台已受理，等待商家处理"),
    EventType.REQUEST_INFO: _("平台请消费者补充材料"),
    EventType.REJECT: _("平台不予受理"),
    EventType.PROVIDE_INFO: _("消费者补充了材料"),
    EventType.RESPOND: _("商家作出答复"),
    EventType.ACCEPT_OFFER: _("消费者接受了商家方案"),
    EventType.REJECT_OFFER: _("消费者拒绝了商家方案，转平台调解"),
    EventType.ESCALATE: _("申请平台介入"),
    EventType.AUTO_ESCALATED: _("商家逾期未答复，自动转平台调解"),
    EventType.ASSIGN: _("分配了调解员"),
    EventType.PAUSE_CLOCK: _("等待检测/鉴定，调解计时暂停"),
    EventType.RESUME_CLOCK: _("调解计时恢复"),
    EventType.DECIDE: _("平台作出裁决"),
    EventType.APPEAL: _("提出申诉"),
    EventType.DECIDE_APPEAL: _("申诉复核完成"),
    EventType.FINALIZE: _("申诉期届满，裁决生效"),
    EventType.CONFIRM_REMEDY: _("处理措施已履行"),
    EventType.WITHDRAW: _("消费者撤回了投诉"),
    EventType.CLOSE: _("投诉已关闭"),
    EventType.RATE: _("消费者评价了处理结果"),
    EventType.MESSAGE: _("新留言"),
    EventType.STAFF_NOTE: _("内部备注"),
    EventType.EVIDENCE_ADDED: _("上传了证据"),
    EventType.REMINDER_SENT: _("提醒：回复期限即将届满"),
    EventType.SLA_BREACHED: _("超过处理时限"),
    EventType.DEADLINE_SET: _("官方节假日安排已载入，处理时限已确定"),
    "deadline_refused": _("无法计算期限：日历年份未加载"),
    "personal_data_erased": _("消费者的个人信息已依法删除"),
    "processing_restricted": _("消费者的个人信息已停止处理，仅作存储和依法处理纠纷之用"),
}

ACTION_LABELS = {
    "accept": _("受理"),
    "request_info": _("要求补充材料"),
    "reject": pgettext_lazy("操作", "不予受理"),  # the button; the status of the same words reads "Not accepted"
    "provide_info": _("补充材料"),
    "respond": _("答复"),
    "accept_offer": _("接受方案"),
    "reject_offer": _("拒绝方案"),
    "escalate": _("申请平台介入"),
    "assign": _("分配"),
    "pause_clock": _("暂停计时"),
    "resume_clock": _("恢复计时"),
    "decide": pgettext_lazy("动作", "裁决"),
    "appeal": _("申诉"),
    "decide_appeal": _("复核申诉"),
    "finalize": _("裁决生效"),
    "confirm_remedy": _("确认履行"),
    "withdraw": _("撤回"),
    "close": _("关闭"),
    "rate": pgettext_lazy("动作", "评价"),
}


# What was done, for the message after an action ("已裁决。" / "Decision made."): English needs a phrase of its own
# where Chinese reuses the verb.
ACTION_DONE_LABELS = {
    "accept": pgettext_lazy("已完成的操作", "受理"),
    "request_info": pgettext_lazy("已完成的操作", "要求补充材料"),
    "reject": pgettext_lazy("已完成的操作", "不予受理"),
    "provide_info": pgettext_lazy("已完成的操作", "补充材料"),
    "respond": pgettext_lazy("已完成的操作", "答复"),
    "accept_offer": pgettext_lazy("已完成的操作", "接受方案"),
    "reject_offer": pgettext_lazy("已完成的操作", "拒绝方案"),
    "escalate": pgettext_lazy("已完成的操作", "申请平台介入"),
    "assign": pgettext_lazy("已完成的操作", "分配"),
    "pause_clock": pgettext_lazy("已完成的操作", "暂停计时"),
    "resume_clock": pgettext_lazy("已完成的操作", "恢复计时"),
    "decide": pgettext_lazy("已完成的操作", "裁决"),
    "appeal": pgettext_lazy("已完成的操作", "申诉"),
    "decide_appeal": pgettext_lazy("已完成的操作", "复核申诉"),
    "finalize": pgettext_lazy("已完成的操作", "裁决生效"),
    "confirm_remedy": pgettext_lazy("已完成的操作", "确认履行"),
    "withdraw": pgettext_lazy("已完成的操作", "撤回"),
    "close": pgettext_lazy("已完成的操作", "关闭"),
    "rate": pgettext_lazy("已完成的操作", "评价"),
}


# What an action is called when platform staff take it: a party asks the platform to step in, staff take the case in.
STAFF_ACTION_LABELS = {
    "escalate": _("转入平台调解"),
}


def action_label_for(action: str, *, staff: bool) -> str:
    label = (STAFF_ACTION_LABELS.get(action) if staff else None) or ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def event_label(event_type: str) -> str:
    """The words for a case event type, in the active language (every EventType has some; see the test)."""
    return str(EVENT_LABELS.get(event_type, event_type))
