"""The supervisor's page: appeals to review (never their own decisions), reassignment, workload per person."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from weiquan.complaints.selectors_pages import assignable_staff
from weiquan.complaints.selectors_queues import appeals_for_review, staff_workload
from weiquan.complaints.views.console.access import supervisor_required


@supervisor_required
@require_GET
def supervisor(request):
    appeals = appeals_for_review(request.user)
    return render(request, "complaints/console/supervisor.html", {
        "appeals": appeals,
        "workload": staff_workload(request.user),
        "staff": list(assignable_staff()),
    })
