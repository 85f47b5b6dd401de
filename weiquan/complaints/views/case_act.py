"""The one view every portal posts a case action to (consumer, merchant and console pages alike).

Apart from `case.py` because a refused decision is shown again in the console's workspace, which itself builds on
`case.py`: importing the workspace from there would make the two modules import each other.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weiquan.complaints import selectors
from weiquan.complaints.labels import ACTION_DONE_LABELS, ACTION_LABELS
from weiquan.complaints.services import ComplaintError, complaint_act, evidence_file_check
from weiquan.complaints.views import case as shared
from weiquan.complaints.views.console.workspace import render_case
from weiquan.complaints.workflow import TransitionNotAllowed


@login_required
@require_POST
def complaint_act_view(request, complaint_id: int, action: str):
    complaint = shared._visible_case(request, complaint_id)
    try:
        if action in shared.CONFIRM_ACTIONS and request.POST.get("confirm") not in {"1", "on", "yes"}:
            raise shared._NotConfirmed("not_confirmed", "tick the box to confirm", field="confirm")
        for upload in request.FILES.getlist("file"):  # files sent with the step: a refused one refuses the step
            evidence_file_check(upload.name, upload)
        complaint_act(actor=request.user, complaint_id=complaint.pk, action=action,
                      data=shared.action_data(action, request.POST))
    except (ComplaintError, TransitionNotAllowed) as exc:
        if action in shared.DECISION_ACTIONS and isinstance(exc, ComplaintError) and not shared._is_htmx(request) \
                and selectors.sees_staff_material(request.user, complaint):
            # The console's decision form comes back with the error beside its field and the values entered, and
            # the refusal is said at the top of the page too: the form sits far down it.
            messages.error(request, _("%(action)s未完成：%(reason)s") % {
                "action": ACTION_LABELS.get(action, action), "reason": shared.refusal_text(exc)})
            return render_case(request, complaint, decide_form=shared.decide_form_state(action, request.POST, exc),
                               status=422)
        messages.error(request, _("%(action)s未完成：%(reason)s") % {
            "action": ACTION_LABELS.get(action, action), "reason": shared.refusal_text(exc)})
        shared.keep_form(request, complaint, action, exc)
    else:
        messages.success(request, _("已%(action)s。") % {"action": ACTION_DONE_LABELS.get(action, action)})
        for error in shared._upload_with_action(request, complaint):
            messages.error(request, _("证据未上传：%(reason)s") % {"reason": error})
    target = shared._back(request, complaint)
    if shared._is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return HttpResponseRedirect(target)

