"""The supervisor's page: appeals to review (never their own decisions), reassignment, workload per person, and the
business calendar's warning when a year is not loaded."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from weiquan.complaints.selectors_pages import assignable_staff
from weiquan.complaints.selectors_queues import appeals_for_review, staff_workload
from weiquan.complaints.views.console.access import supervisor_required
from weiquan.complaints.views.console.rows import label_rows, staff_choices
from weiquan.core.services import calendar_warning


@supervisor_required
@require_GET
def supervisor(request):
    appeals = appeals_for_review(request.user)
    label_rows(appeals.rows)
    workload = staff_workload(request.user)
    roles = {item["pk"]: item["role_label"] for item in staff_choices(entry["user"] for entry in workload)}
    for entry in workload:
        entry["role_label"] = roles[entry["user"].pk]
    return render(request, "complaints/console/supervisor.html", {
        "appeals": appeals,
        "workload": workload,
        "staff": staff_choices(assignable_staff()),
        # A calendar year not loaded leaves cases without a deadline: said here, where the clocks are supervised.
        "calendar_warning": calendar_warning(today=timezone.localdate()),
    })
