"""Typed reasons leave the events' data (docs/decisions/0014-personal-data-rights-and-erasure.md).

Events of a withdrawal, a close, a rejected offer, an escalation, an appeal, a request for information and an
uploaded file carried the text the person typed (or their file's name) in their `data`, which the chain hashes as it is: that text could never be erased without
breaking the chain. The same text is also stored in a row the chain commits to as a salted digest (the case's close
reason, the message the action wrote, the appeal, the evidence row), so from now on the events only point there. Existing events
lose the copy, and each changed chain is hashed again from its first changed event: the same events, the same
content commitments, new digests. A chain that does not verify as stored is left exactly as it is (rehashing it would
hide the tampering) and named in the output. Anchors published before this migration name the old heads of the
rehashed chains: publish a new anchor right after migrating (`weiquan anchor-heads`).
"""

from django.db import migrations

# (event type, data key) whose value is a person's typed text duplicated in a committed row
MOVED = {"withdraw": "reason", "close": "reason", "reject_offer": "reason", "escalate": "reason",
         "appeal": "reasons", "request_info": "message", "evidence_added": "name"}


def _digest(event, complaint_id, prev_hash, data):
    from weiquan.complaints.events import event_digest

    return event_digest(complaint_id=complaint_id, seq=event.seq, type=event.type, actor_id=event.actor_id,
                        actor_role=event.actor_role, at=event.at, old=event.old, new=event.new, data=data,
                        visible_to_parties=event.visible_to_parties, prev_hash=prev_hash,
                        hash_version=event.hash_version, content=event.content)


def _carries_text(event) -> bool:
    """A person's words: the system's own (a sweep closing a silent case) name no one and stay."""
    key = MOVED.get(event.type)
    return bool(key) and event.actor_id is not None and isinstance((event.data or {}).get(key), str)


def move_text_out(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    Event = apps.get_model("complaints", "ComplaintEvent")
    case_ids = sorted({e.complaint_id for e in Event.objects.filter(type__in=list(MOVED)).only(
        "complaint_id", "type", "actor_id", "data").iterator() if _carries_text(e)})
    rehashed, left = 0, []
    for complaint_id in case_ids:
        complaint = Complaint.objects.get(pk=complaint_id)
        chain = list(Event.objects.filter(complaint_id=complaint_id).order_by("seq"))
        prev, intact = "0" * 64, True
        for expected, event in enumerate(chain, start=1):
            if event.seq != expected or event.prev_hash != prev or _digest(event, complaint_id, prev,
                                                                             event.data) != event.hash:
                intact = False
                break
            prev = event.hash
        if not intact or prev != (complaint.event_head or "0" * 64) or len(chain) != complaint.event_count:
            left.append(complaint.reference)
            continue
        prev, changed = "0" * 64, False
        for event in chain:
            data = dict(event.data or {})
            if _carries_text(event):
                del data[MOVED[event.type]]
                changed = True
            if changed:
                event.data, event.prev_hash = data, prev
                event.hash = _digest(event, complaint_id, prev, data)
                Event.objects.filter(pk=event.pk).update(data=data, prev_hash=prev, hash=event.hash)
            prev = event.hash
        Complaint.objects.filter(pk=complaint_id).update(event_head=prev)
        rehashed += 1
    if rehashed or left:
        print(f"\n  typed reasons moved out of event data: {rehashed} chains rehashed; "
              f"left as stored (they do not verify): {', '.join(left) or 'none'}")


class Migration(migrations.Migration):
    dependencies = [("complaints", "0014_restriction_seals_text")]

    operations = [migrations.RunPython(move_text_out, migrations.RunPython.noop)]
