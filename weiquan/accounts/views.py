"""Consumer sign-up and the profile page (personal data and the preferred language)."""

import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, password_validation
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from weiquan.accounts import services as account_services
from weiquan.accounts.models import Role
from weiquan.accounts.services import consumer_register, user_set_personal_data

LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600
MAINLAND_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def clean_mobile(value: str) -> str:
    digits = re.sub(r"[\s-]", "", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    if not MAINLAND_MOBILE.match(digits):
        raise forms.ValidationError(gettext_lazy("请输入 11 位中国大陆手机号码。"), code="phone")
    return digits


class SignupForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("用户名"), max_length=150, help_text=gettext_lazy("字母、数字或 @/./+/-/_，登录时使用。"))
    display_name = forms.CharField(label=gettext_lazy("姓名"), max_length=50)
    phone = forms.CharField(label=gettext_lazy("手机号"), max_length=20)
    email = forms.EmailField(label=gettext_lazy("电子邮箱（用于接收通知，可不填）"), required=False)
    address = forms.CharField(label=gettext_lazy("地址"), max_length=300)
    password1 = forms.CharField(label=gettext_lazy("密码"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label=gettext_lazy("再次输入密码"), strip=False, widget=forms.PasswordInput)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        problem = account_services.username_problem(username)
        if problem == "invalid":
            raise forms.ValidationError(gettext_lazy("用户名只能包含字母、数字和 @/./+/-/_。"), code="username")
        if problem == "taken":
            raise forms.ValidationError(gettext_lazy("这个用户名已被使用。"), code="taken")
        return username

    def clean_phone(self) -> str:
        return clean_mobile(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", forms.ValidationError(gettext_lazy("两次输入的密码不一致。"), code="mismatch"))
        elif first:
            probe = get_user_model()(username=data.get("username", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=gettext_lazy("姓名"), max_length=50)
    phone = forms.CharField(label=gettext_lazy("手机号"), max_length=20)
    address = forms.CharField(label=gettext_lazy("地址"), max_length=300, required=False)
    preferred_language = forms.ChoiceField(label=gettext_lazy("语言"), choices=settings.LANGUAGES)

    def clean_phone(self) -> str:
        return clean_mobile(self.cleaned_data["phone"])


@require_http_methods(["GET", "POST"])
def signup(request):
    """Consumers sign themselves up; merchant staff and platform staff get accounts from the platform."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = consumer_register(username=data["username"], password=data["password1"], email=data["email"],
                                 display_name=data["display_name"], phone=data["phone"], address=data["address"])
        language = translation.get_language()
        if language in dict(settings.LANGUAGES):
            get_user_model().objects.filter(pk=user.pk).update(preferred_language=language)
        login(request, user, backend="weiquan.accounts.backends.GuardedModelBackend")
        messages.success(request, _("注册成功，欢迎使用维权。"))
        if _send_verification(request, user):
            messages.info(request, _("验证邮件已发送，请打开邮件中的链接完成验证。"))
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
            return redirect(target)
        return redirect("complaints:my_orders")
    return render(request, "accounts/signup.html", {"form": form, "next": request.GET.get("next", "")}, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    initial = {"display_name": user.display_name, "phone": user.phone, "address": user.address,
               "preferred_language": user.preferred_language}
    form = ProfileForm(request.POST or None, initial=initial)
    if user.role != Role.CONSUMER:  # staff and merchant personal data are kept by the platform's administrators
        for name in ("display_name", "phone", "address"):
            form.fields[name].required = False
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if user.role == Role.CONSUMER:
            user_set_personal_data(user=user, display_name=data["display_name"], phone=data["phone"],
                                   address=data["address"])
        language = data["preferred_language"]
        get_user_model().objects.filter(pk=user.pk).update(preferred_language=language)
        with translation.override(language):  # the confirmation already speaks the newly chosen language
            messages.success(request, _("已保存。"))
        response = redirect("profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=LANGUAGE_COOKIE_MAX_AGE,
                            samesite="Lax")
        return response
    return render(request, "accounts/profile.html", {"form": form}, status=422 if form.errors else 200)


def _send_verification(request, user) -> bool:
    return account_services.email_verification_send(
        user=user, link_for=lambda token: request.build_absolute_uri(reverse("email_verify", args=[token])))


@login_required
@require_POST
def email_verification_send(request):
    if _send_verification(request, request.user):
        messages.success(request, _("验证邮件已发送，请打开邮件中的链接完成验证。"))
    return redirect("profile")


@require_http_methods(["GET", "POST"])
def email_verify(request, token: str):
    """GET asks (a mail scanner that opens links changes nothing); POST confirms."""
    if request.method == "GET":
        valid = account_services.email_verification_valid(token=token)
        return render(request, "accounts/email_verify.html", {"token": token, "valid": valid, "verified": False},
                      status=200 if valid else 400)
    user = account_services.email_verify(token=token)
    return render(request, "accounts/email_verify.html", {"verified": user is not None, "valid": user is not None},
                  status=200 if user is not None else 400)
