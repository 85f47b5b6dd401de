"""Forms of the console pages: they check and convert what was typed; the services decide."""

from datetime import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weiquan.accounts.services import normalise_phone
from weiquan.complaints.models import Category, Channel, EnquiryAdvice, Party, Priority, RemedyKind, Status
from weiquan.complaints.selectors_queues import BUCKETS, QueueFilters
from weiquan.complaints.selectors_stores import stores_named
from weiquan.complaints.sla import SHANGHAI

BUCKET_LABELS = {
    "overdue": _("已超时"),
    "under_4h": _("4小时内到期"),
    "today": _("今日到期"),
    "later": _("以后到期"),
    "no_clock": _("暂停或无时限"),
}


class _Form(forms.Form):
    """Labels without Django's trailing colon (the pages' labels stand above their fields)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _with_blank(choices, blank=_("全部")):
    return [("", blank), *choices]


class QueueFilterForm(_Form):
    q = forms.CharField(label=_("搜索标题和内容"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("类别"), required=False, choices=_with_blank(Category.choices))
    merchant = forms.CharField(label=_("商家名称"), required=False, max_length=100)
    channel = forms.ChoiceField(label=_("渠道"), required=False, choices=_with_blank(Channel.choices))
    priority = forms.ChoiceField(label=_("优先级"), required=False, choices=_with_blank(Priority.choices))
    date_from = forms.DateField(label=_("收到日期起"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("收到日期止"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    next_party = forms.ChoiceField(label=_("待处理方"), required=False, choices=_with_blank(Party.choices))
    bucket = forms.ChoiceField(label=_("剩余时间"), required=False,
                               choices=_with_blank([(b, BUCKET_LABELS[b]) for b in BUCKETS]))
    due_on = forms.DateField(label=_("到期日"), required=False,
                             widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    due_from = forms.DateField(label=_("到期日起"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    assignee = forms.IntegerField(label=_("处理人编号"), required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("开始日期不能晚于结束日期。"))
        return data

    def filters(self) -> QueueFilters:
        if not self.is_valid():
            return QueueFilters()
        data = self.cleaned_data
        return QueueFilters(
            q=data["q"].strip(), category=data["category"], merchant=data["merchant"].strip(),
            channel=data["channel"], priority=data["priority"], date_from=data["date_from"], date_to=data["date_to"],
            next_party=data["next_party"], bucket=data["bucket"], assignee=data["assignee"], due_on=data["due_on"],
            due_from=data["due_from"],
        )


class InboxFilterForm(_Form):
    q = forms.CharField(label=_("搜索标题和内容"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("类别"), required=False, choices=_with_blank(Category.choices))
    status = forms.ChoiceField(label=_("状态"), required=False, choices=_with_blank(Status.choices))
    date_from = forms.DateField(label=_("收到日期起"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("收到日期止"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def filters(self) -> QueueFilters:
        if not self.is_valid():
            return QueueFilters()
        data = self.cleaned_data
        return QueueFilters(q=data["q"].strip(), category=data["category"], status=data["status"],
                            date_from=data["date_from"], date_to=data["date_to"])


class OrderLookupForm(_Form):
    order_no = forms.CharField(label=_("订单号"), required=False, max_length=64)
    phone = forms.CharField(label=_("来电人手机号"), required=False, max_length=20)

    def clean(self):
        data = super().clean()
        if not (data.get("order_no") or "").strip() and not (data.get("phone") or "").strip():
            raise forms.ValidationError(_("请输入订单号或来电人手机号。"))
        return data


class _CallForm(_Form):
    """What every form of a phone call asks: when the call came in (Beijing time, now by default)."""

    received_at = forms.DateTimeField(
        label=_("来电时间（北京时间）"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.now().astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M"))

    def clean_received_at(self) -> datetime:
        value = self.cleaned_data["received_at"]
        # The agent types Beijing time, whatever the server's zone.
        value = value.replace(tzinfo=SHANGHAI) if timezone.is_naive(value) else value.astimezone(SHANGHAI)
        if value > timezone.now():
            raise forms.ValidationError(_("来电时间不能晚于现在。"))
        return value


class IntakeForm(_CallForm):
    """A complaint taken on the phone. The lines are offered from the chosen order."""

    lines = forms.MultipleChoiceField(label=_("涉及商品"), widget=forms.CheckboxSelectMultiple)
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    description = forms.CharField(label=_("投诉内容"), widget=forms.Textarea, min_length=5, max_length=10000)
    remedies_wanted = forms.MultipleChoiceField(label=_("消费者诉求"), choices=RemedyKind.choices,
                                                widget=forms.CheckboxSelectMultiple)
    amount_claimed = forms.DecimalField(label=_("诉求金额（元）"), min_value=Decimal("0"), max_digits=12,
                                        decimal_places=2, initial=Decimal("0"))
    priority = forms.ChoiceField(label=_("优先级"), choices=Priority.choices, initial=Priority.NORMAL)

    def __init__(self, *args, order=None, **kwargs):
        super().__init__(*args, **kwargs)
        lines = list(order.lines.all()) if order is not None else []
        self.fields["lines"].choices = [(str(line.pk), f"{line.line_no}. {line.title}") for line in lines]


class EnquiryForm(_CallForm):
    """A call that only asked a question or declined to file (咨询). The number needs no account."""

    phone = forms.CharField(label=_("来电号码"), max_length=20)
    question = forms.CharField(label=_("咨询内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    answer = forms.CharField(label=_("答复与建议"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    advice = forms.ChoiceField(label=_("处理方式"), choices=EnquiryAdvice.choices)
    store = forms.CharField(label=_("涉及店铺（可选，名称或编号）"), required=False, max_length=100)

    def clean_phone(self) -> str:
        digits = normalise_phone(self.cleaned_data["phone"])
        if not digits.isdigit() or not 5 <= len(digits) <= 20:
            raise forms.ValidationError(_("请输入有效的来电号码。"))
        return self.cleaned_data["phone"]

    def clean_store(self):
        text = self.cleaned_data["store"].strip()
        if not text:
            return None
        found = [s for s in stores_named(text) if text in (s.name, s.external_id)]
        if len(found) != 1:
            raise forms.ValidationError(_("没有找到这个店铺，请输入店铺的完整名称或编号。"))
        return found[0]


class NoOrderIntakeForm(IntakeForm):
    """A caller with no platform order: the complaint names a store (and optionally one of its listings) and is of
    a class the platform acts on without an order (false advertising, price, safety)."""

    listing = forms.ChoiceField(label=_("涉及商品链接（可选）"), required=False)

    def __init__(self, *args, listings=(), no_order_categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["lines"]
        self.fields["listing"].choices = [("", _("不涉及具体商品（针对店铺）"))] + [
            (item.external_id, f"{item.title}") for item in listings]
        self.fields["category"].choices = [(v, t) for v, t in Category.choices if v in no_order_categories]
        self.order_fields(["received_at", "listing", "category", "title", "description", "remedies_wanted",
                           "amount_claimed", "priority"])
