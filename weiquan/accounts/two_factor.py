"""Staff two-factor sign-in (TOTP, RFC 6238, with any authenticator app): set up once, then a code after the
password. Creating a key is a POST (no GET changes anything); the key counts only once a code from it was typed."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token

from weiquan.accounts.models import StaffTOTPDevice


class CodeForm(forms.Form):
    code = forms.RegexField(label=gettext_lazy("验证码"), regex=r"^\d{6}$", max_length=6,
                            error_messages={"invalid": gettext_lazy("请输入 6 位数字验证码。")},
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else "/"


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Verify a code from a confirmed device; without one, set a device up (POST "start" makes its key)."""
    confirmed = StaffTOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    pending = StaffTOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("-pk").first()
    form = CodeForm(request.POST if request.POST.get("code") is not None else None)
    if request.method == "POST" and request.POST.get("start") and not confirmed:
        StaffTOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        pending = StaffTOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
        form = CodeForm()
    elif request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if confirmed:
            device = match_token(request.user, code)
        else:
            device = pending if pending is not None and pending.verify_token(code) else None
            if device is not None:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
        if device is not None:
            otp_login(request, device)
            messages.success(request, _("两步验证已通过。"))
            return redirect(_next(request))
        form.add_error("code", _("验证码不正确或已过期。"))
    return render(request, "accounts/two_factor.html", {
        "form": form, "confirmed": confirmed, "pending": pending if not confirmed else None,
        "secret": _base32(pending) if pending and not confirmed else "", "next": _next(request),
    }, status=422 if form.errors else 200)


def _base32(device: StaffTOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")
