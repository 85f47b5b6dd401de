"""Facts added to a case after filing (the day a test result came, an injury, the goods' condition at return):
each addition is a new assessment version with an event; the earlier version stays readable."""

from django.db import transaction
from django.utils import timezone

from weiquan.accounts.models import User
from weiquan.complaints import sla
from weiquan.complaints.assessment import assessment_record, facts_for_complaint, refresh_filing_clocks
from weiquan.complaints.event_types import EventType
from weiquan.complaints.facts import FactsRefused, check_stated, merge_stated, withdrawn_paths, without_withdrawals
from weiquan.complaints.models import Complaint
from weiquan.complaints.services.common import ComplaintError, lock, text, write_event
from weiquan.complaints.workflow import CONSUMER, STAFF, actor_kind


def _paths(stated: dict, prefix: str = "") -> list[str]:
    """The keys a statement sets, as dotted paths (claim.defect.injury), for the event."""
    paths = []
    for key, value in stated.items():
        if isinstance(value, dict) and value and key in ("purchase", "claim", "goods", "defect", "platform",
                                                        "three_guarantees"):
            paths += _paths(value, f"{prefix}{key}.")
        else:
            paths.append(prefix + key)
    return paths


def complaint_facts_add(*, actor: User | None, complaint_id: int, facts: dict, note: str = "") -> Complaint:
    """The consumer of the case or platform staff state further facts; the case is assessed again (a new version).

    The consumer may state what a filer may; staff also the platform's own conduct (`claim.platform`). `null` for a
    key or a block withdraws an earlier statement (the fact is unknown again: the filing's assumptions apply); the
    event lists what was withdrawn. Refused on a closed case, when nothing is stated and when a withdrawal finds
    nothing stated. Statutory clocks started later (refund periods) are kept.
    """
    note = text({"note": note}, "note", required=False, max_length=1000)
    with transaction.atomic():
        complaint = lock(complaint_id)
        kind = actor_kind(complaint, actor)
        if kind not in {CONSUMER, *STAFF}:
            raise ComplaintError("forbidden", "only the consumer and platform staff add facts to a case", status=403)
        if not complaint.is_open:
            raise ComplaintError("case_closed", "the case is closed; its facts can no longer change", status=409)
        try:
            stated = check_stated(facts, staff=kind in STAFF, with_order=complaint.order_id is not None,
                                  today=timezone.now().astimezone(sla.SHANGHAI).date(), withdraw=True)
        except FactsRefused as refused:
            raise ComplaintError("invalid", f"{refused.field} {refused.message}", field=refused.field) from None
        if not any(value or value is None for value in stated.values()):
            raise ComplaintError("required", "state at least one fact", field="facts")
        earlier = (complaint.rights_assessment_meta or {}).get("stated") or {}
        merged = merge_stated(earlier, stated)
        withdrawn = withdrawn_paths(stated)
        if withdrawn and merged == earlier and not _paths(without_withdrawals(stated)):
            raise ComplaintError("invalid", "nothing stated earlier is withdrawn: " + ", ".join(withdrawn),
                                 field="facts." + withdrawn[0])
        built = facts_for_complaint(complaint, stated=merged)
        if clocks := (complaint.rights_facts or {}).get("clocks"):  # refund periods asked for once the return arrived
            built["clocks"] = clocks
        _refuse_invalid(built)
        old_version = (complaint.rights_assessment_meta or {}).get("version")
        version = assessment_record(complaint, actor=actor, reason="facts_added", stated=merged, facts=built)
        refresh_filing_clocks(complaint)
        complaint.save(update_fields=["rights_facts", "rights_assessment", "rights_assessment_meta",
                                      "statutory_clocks", "updated_at"])
        write_event(complaint, type=EventType.FACTS_ADDED, actor=actor, old={"assessment_version": old_version},
                    new={"assessment_version": version.version},
                    data={"facts": sorted(_paths(without_withdrawals(stated))),
                          **({"withdrawn": sorted(withdrawn)} if withdrawn else {}), **({"note": note} if note else {})})
    return complaint


def _refuse_invalid(facts: dict) -> None:
    from weiquan.rights import InvalidFacts
    from weiquan.rights.schema import validate_facts

    try:
        validate_facts(facts)
    except InvalidFacts as invalid:
        first = invalid.errors[0]
        field = "facts." + ".".join(str(part) for part in first["loc"])
        raise ComplaintError("invalid", f"{field} {first['msg']}", field=field) from None
