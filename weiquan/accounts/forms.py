"""Sign-in forms (site and admin) that say when an account or address is locked out instead of only "wrong"."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy

from weiquan.accounts import throttle
from weiquan.accounts.backends import client_address


class _Throttled:
    def clean(self):
        wait = throttle.locked_for(self.data.get("username", "") or "", client_address(self.request))
        if wait:
            minutes = max(1, (wait + 59) // 60)
            raise forms.ValidationError(
                gettext_lazy("登录失败次数过多，请 %(minutes)d 分钟后再试。"), code="locked_out",
                params={"minutes": minutes})
        return super().clean()


class LoginForm(_Throttled, AuthenticationForm):
    pass


class AdminLoginForm(_Throttled, AdminAuthenticationForm):
    pass
