from django import forms
from django.utils.translation import gettext_lazy as _

from weiquan.fairtrade.models import ReportKind

PENALTY_CHOICES = [("warning", _("警示")), ("restriction", _("限制经营（禁止新发布商品）")),
                   ("suspension", _("暂停经营（停止销售）"))]


class RequestForm(forms.Form):
    message = forms.CharField(label=_("请商家说明的内容"), min_length=5, max_length=2000, widget=forms.Textarea(
        attrs={"rows": 3}))


class CloseForm(forms.Form):
    note = forms.CharField(label=_("不成立的理由"), min_length=5, max_length=2000, widget=forms.Textarea(
        attrs={"rows": 3}))


class PenaltyForm(forms.Form):
    kind = forms.ChoiceField(label=_("处罚措施"), choices=PENALTY_CHOICES)
    reason = forms.CharField(label=_("处罚理由（将公示）"), min_length=5, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    ends_on = forms.DateField(label=_("期限至（可留空）"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))


class ExplanationForm(forms.Form):
    explanation = forms.CharField(label=_("店铺的说明"), min_length=5, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 5}))


class ReportForm(forms.Form):
    listing = forms.CharField(label=_("商品编号"), max_length=64)
    kind = forms.ChoiceField(label=_("举报类型"), choices=ReportKind.choices)
    description = forms.CharField(label=_("情况说明"), min_length=5, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    order_no = forms.CharField(label=_("订单号（可选）"), max_length=64, required=False)


class DismissForm(forms.Form):
    note = forms.CharField(label=_("未采纳的理由"), min_length=2, max_length=500)
