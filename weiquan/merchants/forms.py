"""Page forms for merchant governance. They only check shapes; the services decide."""

from decimal import Decimal

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from weiquan.merchants.models import CategoryRule, LicenceKind, PenaltyKind


def _english() -> bool:
    return (get_language() or "").startswith("en")


def category_choices():
    english = _english()
    return [(c.code, c.name_en if english and c.name_en else c.name) for c in CategoryRule.objects.order_by("code")]


def licence_choices():
    english = _english()
    return [(k.code, k.name_en if english and k.name_en else k.name) for k in LicenceKind.objects.all()]


class IdentityForm(forms.Form):
    shop_name = forms.CharField(label=_("店铺名称"), max_length=200)
    category = forms.ChoiceField(label=_("主营类目"), choices=())
    legal_name = forms.CharField(label=_("经营者名称（与营业执照一致）"), max_length=200)
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=40,
                           help_text=_("18位，按 GB 32100-2015 校验"),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    legal_representative = forms.CharField(label=_("法定代表人/经营者"), max_length=100)
    registered_address = forms.CharField(label=_("注册地址"), max_length=300)
    operating_address = forms.CharField(label=_("经营地址"), max_length=300)
    service_phone = forms.CharField(label=_("客服电话（公示）"), max_length=32, required=False)
    contact_name = forms.CharField(label=_("联系人（不公示）"), max_length=100)
    contact_phone = forms.CharField(label=_("联系人电话（不公示）"), max_length=32,
                                    widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    contact_email = forms.EmailField(label=_("联系邮箱"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()


class SignupForm(IdentityForm):
    username = forms.CharField(label=_("登录用户名"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username"}))
    email = forms.EmailField(label=_("登录邮箱"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    field_order = ["username", "email", "password"]


class LicenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("证照类型"), choices=())
    number = forms.CharField(label=_("证照编号"), max_length=64)
    issuer = forms.CharField(label=_("发证机关"), max_length=200)
    valid_from = forms.DateField(label=_("有效期起"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    valid_until = forms.DateField(label=_("有效期至（长期有效留空）"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    file = forms.FileField(label=_("证照扫描件（PDF、JPEG 或 PNG）"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = licence_choices()


class ReviewForm(forms.Form):
    DECISIONS = [("approve", _("通过")), ("request_info", _("要求补充材料")), ("reject", _("驳回"))]
    decision = forms.ChoiceField(label=_("审核结论"), choices=DECISIONS, widget=forms.RadioSelect)
    requested_items = forms.MultipleChoiceField(label=_("需补充的证照"), required=False, choices=(),
                                                widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("补充说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    reasons = forms.CharField(label=_("审核意见（驳回时必填）"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requested_items"].choices = licence_choices()


class PenaltyForm(forms.Form):
    kind = forms.ChoiceField(label=_("处罚类型"), choices=PenaltyKind.choices)
    reason = forms.CharField(label=_("处罚理由（将公示）"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    rule_id = forms.CharField(label=_("依据规则编号"), max_length=40, help_text=_("例如 R-PLAT-38、R-CPL28"))
    ends_on = forms.DateField(label=_("期限至（留空为直至解除）"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=300)


class AppealForm(forms.Form):
    reasons = forms.CharField(label=_("申诉理由"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("复核结论"), choices=[("upheld", _("维持处罚")), ("overturned", _("撤销处罚"))])
    answer = forms.CharField(label=_("复核意见"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class DepositForm(forms.Form):
    KINDS = [("top_up", _("缴纳/补缴")), ("hold", _("冻结")), ("release", _("解冻")), ("withdrawal", _("退还商家"))]
    kind = forms.ChoiceField(label=_("操作"), choices=KINDS)
    amount = forms.DecimalField(label=_("金额（元）"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("说明或凭证号"), max_length=100)
