"""Page forms for quality work; shapes only, the services decide."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weiquan.merchants.forms import category_choices
from weiquan.quality.models import Inspection


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("计划名称"), max_length=200)
    categories = forms.MultipleChoiceField(label=_("抽检类目（不选为全部）"), required=False, choices=(),
                                           widget=forms.CheckboxSelectMultiple)
    sample_size = forms.IntegerField(label=_("样本数量"), min_value=1, max_value=500, initial=10)
    random_share = forms.DecimalField(label=_("随机抽样比例（0.05–1）"), min_value=Decimal("0.05"),
                                      max_value=Decimal("1"), decimal_places=2, initial=Decimal("0.20"))
    lookback_days = forms.IntegerField(label=_("按多少天内的投诉加权"), min_value=7, max_value=730, initial=90)
    lab = forms.CharField(label=_("检验机构"), max_length=200, required=False)
    description = forms.CharField(label=_("说明"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = category_choices()


class ResultForm(forms.Form):
    result = forms.ChoiceField(label=_("检验结论"), choices=[("pass", _("合格")), ("fail", _("不合格"))],
                               widget=forms.RadioSelect)
    severity = forms.ChoiceField(label=_("缺陷等级（不合格时）"), required=False,
                                 choices=[("", "—"), *Inspection.Severity.choices])
    defects = forms.CharField(label=_("检出问题（不合格时）"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    inspected_on = forms.DateField(label=_("检验日期"),
                                   widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    report = forms.FileField(label=_("检验报告（PDF、JPEG 或 PNG）"),
                             widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspected_on"].initial = timezone.localdate()


class ResolveForm(forms.Form):
    state = forms.ChoiceField(label=_("处理结果"), choices=[("resolved", _("已纠正")), ("dismissed", _("排除（非违规）"))])
    note = forms.CharField(label=_("说明"), max_length=300)


class DropForm(forms.Form):
    reason = forms.CharField(label=_("剔除原因"), max_length=300)
