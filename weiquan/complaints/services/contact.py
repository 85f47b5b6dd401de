"""Showing a consumer's contact details whole to a case worker, one field at a time, for a stated reason.

Case pages show the name, phone and address masked; a worker who needs one of them whole (to call back, to check a
delivery address) says why, and the access is written to the personal-data access log with that reason (PIPL
accountability) before the value is returned. Nothing is kept in the session: the next page view is masked again.
"""

from weiquan.accounts.models import User
from weiquan.complaints.models import Complaint
from weiquan.complaints.services.common import ComplaintError
from weiquan.complaints.workflow import STAFF, actor_kind

CONTACT_FIELDS = ("name", "phone", "address")
REVEAL_REASON_MIN = 4
REVEAL_REASON_MAX = 150


def contact_reveal(*, actor: User | None, complaint: Complaint, field: str, reason: str) -> dict[str, str]:
    """{field: the whole value} for platform staff on this case, after logging who saw it and why.

    Raises ComplaintError (nothing logged) for anyone else, an unknown field, or a missing or too short reason.
    """
    from weiquan.privacy.services import record_access

    if actor_kind(complaint, actor) not in STAFF:
        raise ComplaintError("forbidden", "only platform staff working cases may reveal contact details", status=403)
    if field not in CONTACT_FIELDS:
        raise ComplaintError("invalid", f"field must be one of {', '.join(CONTACT_FIELDS)}", field="field")
    reason = " ".join((reason or "").split())
    if len(reason) < REVEAL_REASON_MIN:
        raise ComplaintError("reveal_reason_required", f"give a reason of at least {REVEAL_REASON_MIN} characters",
                             field="reveal_reason", params={"min": REVEAL_REASON_MIN})
    if len(reason) > REVEAL_REASON_MAX:
        raise ComplaintError("too_long", f"the reason may be at most {REVEAL_REASON_MAX} characters",
                             field="reveal_reason")
    consumer = complaint.consumer
    value = {"name": consumer.display_name, "phone": consumer.phone, "address": consumer.address}[field]
    record_access(viewer=actor, subject=consumer, field=field, reason=f"{complaint.reference}: {reason}")
    return {field: value}
