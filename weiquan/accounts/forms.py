"""Sign-in forms (site and admin) that say when an account or address is locked out instead of only "wrong"."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
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


class EmailIndexPasswordResetForm(PasswordResetForm):
    """Django's reset form, finding accounts through the e-mail blind index: the address column is encrypted, so the
    stock `email__iexact` lookup would match nobody."""

    def get_users(self, email):
        from django.contrib.auth import get_user_model

        from weiquan.accounts.models import INTEGRATION_ROLES
        from weiquan.core.crypto import blind_index

        users = get_user_model()._default_manager.filter(email_index=blind_index(email.strip()), is_active=True)
        return (u for u in users.exclude(role__in=INTEGRATION_ROLES)
                if u.has_usable_password() and u.email.strip().lower() == email.strip().lower())
