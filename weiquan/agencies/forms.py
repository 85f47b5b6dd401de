"""Forms of the agencies' staff pages; the services decide, these only read and check the input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Body
from .services.bodies import EDITABLE


class BodyForm(forms.ModelForm):
    webhook_url = forms.URLField(label=_("状态回传地址"), required=False, assume_scheme="https",
                                 help_text=_("机构接收案件状态变化的地址；留空则只保存不发送"))

    class Meta:
        model = Body
        fields = list(EDITABLE)
        widgets = {"contact_phone": forms.TextInput(attrs={"inputmode": "tel"})}

    def clean_answer_working_days(self):
        days = self.cleaned_data.get("answer_working_days")
        if days is not None and not 1 <= days <= 60:
            raise forms.ValidationError(_("答复时限应在 1 至 60 个工作日之间"))
        return days


class NewBodyForm(BodyForm):
    code = forms.SlugField(label=_("机构代码"), max_length=40,
                           help_text=_("小写字母、数字或连字符；机构在接口路径中引用，登记后不能修改"))

    class Meta(BodyForm.Meta):
        fields = ["code", *EDITABLE]


class PersonForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=100)
    email = forms.EmailField(label=_("邮箱"), required=False)
