"""Chain-head anchors: signed, written outside the database, and they catch a rollback that the chains alone cannot
(events removed together with the head on the row), a rewritten chain, a forged or removed anchor."""

import http.server
import json
import os
import stat
import threading
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from weiquan.complaints.events import verify_all_chains
from weiquan.complaints.models import Complaint, ComplaintEvent, Status
from weiquan.complaints.services import message_post
from weiquan.core import signing
from weiquan.privacy.anchors import anchor_build, anchor_due, check_anchors
from weiquan.privacy.models import ChainAnchor
from weiquan.privacy.services import chain_anchor_publish
from weiquan.privacy.tasks import privacy_sweep_task
from weiquan.testing.cases import (
    clock_fixture,  # noqa: F401
    drive_to,
    fast_passwords,  # noqa: F401
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def anchored(cast, clock, tmp_path, settings):
    settings.ANCHOR_DIR = str(tmp_path / "anchors")
    settings.ANCHOR_URL = ""
    complaint = drive_to(Status.MERCHANT_RESPONDED, cast)
    anchor = chain_anchor_publish()
    return complaint, anchor, tmp_path / "anchors"


def rollback(complaint: Complaint, to_count: int) -> None:
    """What restoring an old backup of the case does: later events gone, the head on the row set back to match."""
    ComplaintEvent.objects.filter(complaint=complaint, seq__gt=to_count).delete()
    head = ComplaintEvent.objects.get(complaint=complaint, seq=to_count).hash
    Complaint.objects.filter(pk=complaint.pk).update(event_count=to_count, event_head=head)


def test_an_anchor_is_a_signed_list_of_heads_in_a_private_file(anchored):
    complaint, anchor, folder = anchored
    files = list(folder.glob("anchor-*.json"))
    assert len(files) == 1 and str(files[0]) == anchor.path
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700 and stat.S_IMODE(os.stat(files[0]).st_mode) == 0o600
    document = json.loads(files[0].read_text())
    complaint.refresh_from_db()
    assert document["payload"]["complaints"] == [[complaint.pk, complaint.event_count, complaint.event_head]]
    assert document["signature"]["kid"] == signing.current_key_id()
    assert check_anchors(str(folder)) == []
    assert (anchor.complaints, anchor.merchants) == (1, len(document["payload"]["merchants"]))


def test_a_rollback_with_the_head_reset_passes_the_chain_but_not_the_anchor(anchored, cast):
    complaint, _, folder = anchored
    count = Complaint.objects.get(pk=complaint.pk).event_count
    rollback(complaint, count - 1)
    # The chain alone cannot tell (its head was reset); the content check sees the response that lost its event.
    assert [p for p in verify_all_chains() if p.row is None] == []
    problems = [str(p) for p in check_anchors(str(folder))]
    assert problems == [f"complaint {complaint.pk}: anchored at {json.loads(next(folder.glob('*.json')).read_text())['payload']['at']} "
                        f"with {count} events; event #{count} is gone (rolled back or deleted)"]
    with pytest.raises(CommandError) as caught:
        call_command("verify-events", anchors=str(folder), stdout=StringIO())
    assert f"rolled back: complaint {complaint.pk}" in str(caught.value)


def test_events_after_the_anchor_are_fine_and_a_rewrite_before_it_is_caught(anchored, cast):
    complaint, _, folder = anchored
    message_post(actor=cast.consumer, complaint_id=complaint.pk, body="补充说明")
    assert check_anchors(str(folder)) == []
    count = ComplaintEvent.objects.filter(complaint=complaint).count()
    ComplaintEvent.objects.filter(complaint=complaint, seq=count - 1).update(hash="f" * 64)
    problems = check_anchors(str(folder))
    assert len(problems) == 1 and problems[0].where == f"complaint {complaint.pk}"
    assert problems[0].problem.startswith(f"event #{count - 1} differs from the one anchored at ")


def test_a_forged_or_removed_anchor_is_caught(anchored, clock):
    complaint, _, folder = anchored
    clock.advance(hours=2)
    chain_anchor_publish()
    clock.advance(hours=2)
    chain_anchor_publish()
    files = sorted(folder.glob("anchor-*.json"))
    assert len(files) == 3 and check_anchors(str(folder)) == []
    files[1].unlink()
    assert [str(p) for p in check_anchors(str(folder))] == [
        f"{files[2].name}: the anchor before it is missing or was replaced"]
    document = json.loads(files[2].read_text())
    document["payload"]["complaints"] = []
    files[2].write_text(json.dumps(document))
    assert f"{files[2].name}: signature: the signature does not match" in [str(p) for p in check_anchors(str(folder))]


def test_an_anchor_signed_by_an_unknown_key_is_refused(anchored, settings):
    _, _, folder = anchored
    settings.SIGNING_KEYS = ["some other key"]
    document = anchor_build()
    (folder / "anchor-99999999T999999Z-x.json").write_text(json.dumps(document))
    settings.SIGNING_KEYS = ["x" * 10]
    problems = [str(p) for p in check_anchors(str(folder))]
    assert all("which is not among the trusted keys" in p for p in problems) and len(problems) == 2


def test_the_worker_anchors_hourly(cast, clock, tmp_path, settings):
    settings.ANCHOR_DIR = str(tmp_path / "a")
    assert anchor_due()
    assert privacy_sweep_task.call()["anchored"] is True
    assert privacy_sweep_task.call()["anchored"] is False  # not due again within the hour
    clock.advance(minutes=59)
    assert not anchor_due()
    clock.advance(minutes=1)
    assert anchor_due() and privacy_sweep_task.call()["anchored"] is True
    assert ChainAnchor.objects.count() == 2


def test_an_unreachable_destination_is_reported_and_retried(cast, clock, settings, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    settings.ANCHOR_DIR = str(blocker / "anchors")
    result = privacy_sweep_task.call()
    assert result["anchored"] is False and result["anchor_error"]
    assert ChainAnchor.objects.count() == 0 and anchor_due()


def test_the_anchor_command(cast, clock, tmp_path, settings):
    settings.ANCHOR_DIR = ""
    drive_to(Status.SUBMITTED, cast)
    out = StringIO()
    call_command("anchor-heads", dir=str(tmp_path / "x"), stdout=out)
    assert out.getvalue().startswith("anchored 1 case chains and ")
    out = StringIO()
    call_command("anchor-heads", check=str(tmp_path / "x"), stdout=out)
    assert out.getvalue() == "OK: every anchored chain head is still in the database\n"
    with pytest.raises(CommandError, match="no anchor destination"):
        call_command("anchor-heads", stdout=StringIO())
    assert timezone.now() - ChainAnchor.objects.get().at < timedelta(seconds=1)


class _Receiver(http.server.BaseHTTPRequestHandler):
    """The anchor URL: records every POST and answers with the next status of `statuses`."""

    received: list[tuple[str, bytes]] = []
    statuses: list[int] = []

    def do_POST(self):  # noqa: N802 (the name http.server calls)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((self.headers["Content-Type"], body))
        self.send_response(type(self).statuses.pop(0) if type(self).statuses else 200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    """A local HTTP server on this helper's ports (8800-8899)."""
    _Receiver.received, _Receiver.statuses = [], []
    for port in range(8810, 8830):
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Receiver)
            break
        except OSError:
            continue
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_address[1]}/anchors", handler=_Receiver)
    server.shutdown()
    server.server_close()


def anchoring() -> dict:
    """What the worker's privacy sweep did about anchors (its retention run is tested in test_retention.py)."""
    return {k: v for k, v in privacy_sweep_task.call().items() if k not in ("retention", "deadlines_filled")}


def test_the_anchor_is_posted_to_the_url_as_the_signed_head_list(cast, clock, settings, receiver):
    settings.ANCHOR_DIR, settings.ANCHOR_URL = "", receiver.url
    complaint = drive_to(Status.MERCHANT_RESPONDED, cast)
    result = anchoring()
    assert result == {"anchored": True, "digest": ChainAnchor.objects.get().digest}
    [(content_type, body)] = receiver.handler.received
    document = json.loads(body)
    assert content_type == "application/json"
    assert signing.verify(json.dumps(document["payload"], sort_keys=True, ensure_ascii=False,
                                     separators=(",", ":")).encode(), document["signature"],
                          signing.trusted_keys()) is None
    complaint.refresh_from_db()
    assert document["payload"]["complaints"] == [[complaint.pk, complaint.event_count, complaint.event_head]]
    assert ChainAnchor.objects.get().url == receiver.url and ChainAnchor.objects.get().path == ""


def test_a_failing_url_keeps_the_file_anchor_reports_and_sends_it_later(cast, clock, settings, tmp_path, receiver):
    settings.ANCHOR_DIR, settings.ANCHOR_URL = str(tmp_path / "anchors"), receiver.url
    drive_to(Status.SUBMITTED, cast)
    receiver.handler.statuses = [503, 500]
    first = anchoring()
    assert first["anchored"] is True and first["anchor_error"] == "HTTP Error 503: Service Unavailable"
    anchor = ChainAnchor.objects.get()
    [file] = (tmp_path / "anchors").glob("anchor-*.json")
    assert (anchor.path, anchor.url) == (str(file), "")  # the file anchor stands, marked as not delivered
    assert check_anchors(str(tmp_path / "anchors")) == []
    clock.advance(minutes=5)
    second = anchoring()  # not due for a new anchor: the same file is sent again, and fails again
    assert second == {"anchored": False, "anchor_error": "HTTP Error 500: Internal Server Error"}
    clock.advance(minutes=5)
    assert anchoring() == {"anchored": False, "resent": anchor.digest}
    assert [body for _, body in receiver.handler.received] == [file.read_bytes()] * 3
    assert ChainAnchor.objects.get().url == receiver.url
    clock.advance(minutes=5)
    assert anchoring() == {"anchored": False}  # delivered: nothing more to send
    assert len(receiver.handler.received) == 3 and ChainAnchor.objects.count() == 1


def test_a_failing_url_without_a_folder_records_nothing_and_retries(cast, clock, settings, receiver):
    settings.ANCHOR_DIR, settings.ANCHOR_URL = "", receiver.url
    receiver.handler.statuses = [500]
    assert anchoring() == {"anchored": False, "anchor_error": "HTTP Error 500: Internal Server Error"}
    assert ChainAnchor.objects.count() == 0 and anchor_due()
    assert anchoring()["anchored"] is True and len(receiver.handler.received) == 2
