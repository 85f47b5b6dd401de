"""Staff pages of the registry of external bodies: list, register, edit, issue credentials (shown once, never again)
and add the body's people. Platform staff read the registry; administrators and compliance staff change it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .forms import BodyForm, NewBodyForm, PersonForm
from .models import Body, BodyChange
from .refusals import refusal_text
from .services import AgencyError
from .services.bodies import (
    Credentials,
    body_create,
    body_credentials_state,
    body_person_add,
    body_secret_rotate,
    body_token_rotate,
    body_update,
    may_edit_bodies,
)

FIELD_NAMES = frozenset(f.name for f in Body._meta.fields)


def _staff(request) -> bool:
    if not getattr(request.user, "is_platform_staff", False):
        raise PermissionDenied
    return may_edit_bodies(request.user)


def _editor(request) -> None:
    if not _staff(request):
        raise PermissionDenied


def _shown_once(request, body: Body, credentials: Credentials, *, password: str = "", person: str = ""):
    """The one page that shows a credential; it is not stored anywhere it could be shown from again."""
    response = render(request, "agencies/body_credentials.html", {
        "body": body, "credentials": credentials, "password": password, "person": person})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def bodies(request):
    editable = _staff(request)
    return render(request, "agencies/bodies.html", {"bodies": Body.objects.all(), "editable": editable})


@login_required
@require_http_methods(["GET", "POST"])
def body_new(request):
    _editor(request)
    form = NewBodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "code"}
        try:
            body, credentials = body_create(actor=request.user, code=form.cleaned_data["code"], data=data)
        except AgencyError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return _shown_once(request, body, credentials)
    return render(request, "agencies/body_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def body_detail(request, body_id: int):
    editable = _staff(request)
    body = get_object_or_404(Body, pk=body_id)
    form = BodyForm(request.POST or None, instance=Body.objects.get(pk=body.pk))
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                changed = body_update(actor=request.user, body=body, data=form.cleaned_data)
            except AgencyError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("已保存") if changed else _("没有修改"))
                return redirect("agencies:body", body_id=body.pk)
    return render(request, "agencies/body.html", {
        "body": body, "form": form, "editable": editable, "credentials": body_credentials_state(body),
        "people": body.memberships.filter(user__role="agency").select_related("user").order_by("user__username"),
        "changes": [{"at": c.at, "actor": c.actor.username, "what": c.get_what_display(),
                     "fields": [str(Body._meta.get_field(f).verbose_name) for f in c.fields if f in FIELD_NAMES]}
                    for c in BodyChange.objects.filter(body=body).select_related("actor")[:50]],
        "person_form": PersonForm(),
    })


@login_required
@require_POST
def body_rotate(request, body_id: int):
    _editor(request)
    body = get_object_or_404(Body, pk=body_id)
    what = request.POST.get("what")
    if what == "token":
        return _shown_once(request, body, body_token_rotate(actor=request.user, body=body))
    if what == "secret":
        return _shown_once(request, body, body_secret_rotate(actor=request.user, body=body))
    messages.error(request, _("未知的操作"))
    return redirect("agencies:body", body_id=body.pk)


@login_required
@require_POST
def body_person(request, body_id: int):
    _editor(request)
    body = get_object_or_404(Body, pk=body_id)
    form = PersonForm(request.POST)
    if form.is_valid():
        try:
            user, password = body_person_add(actor=request.user, body=body, **form.cleaned_data)
        except AgencyError as error:
            messages.error(request, refusal_text(error))
        else:
            return _shown_once(request, body, Credentials(account=""), password=password, person=user.username)
    else:
        messages.error(request, _("请填写用户名和姓名"))
    return redirect("agencies:body", body_id=body.pk)
