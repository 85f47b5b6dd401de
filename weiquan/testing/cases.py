"""Test helpers for complaint cases, shared by every app's tests: a controllable clock, cases driven to any status
through the real services, and snapshots that show a refused call changed nothing."""

from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from weiquan.complaints.models import (
    Appeal,
    Complaint,
    ComplaintEvent,
    Decision,
    Evidence,
    MerchantResponse,
    Message,
    Remedy,
    SlaBreach,
    Status,
)
from weiquan.complaints.services import complaint_act
from weiquan.testing.factories import file_complaint, make_order

SH = ZoneInfo("Asia/Shanghai")
# A Wednesday in an ordinary working week (no holiday within the next month), after the factories' order arrived.
START = datetime(2026, 3, 4, 9, 30, tzinfo=SH)

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # enough of a PNG for the upload checks


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded evidence goes to the test's own folder (active in the modules that import it)."""
    settings.MEDIA_ROOT = tmp_path / "media"


def login(user) -> Client:
    """A page client signed in as `user` (anonymous for None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def page_text(user, url: str, language: str = "zh-hans") -> str:
    """The page `user` reads at `url` in `language`, unescaped, its whitespace folded to single spaces."""
    from html import unescape

    client = login(user)
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(unescape(response.content.decode()).split())


def refs(response) -> list[str]:
    """The case references a queue or inbox page lists, in order."""
    return [row.reference for row in response.context["work"].rows]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The cast has a dozen accounts; real password hashing would make each test take seconds."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


class Clock:
    """What `django.utils.timezone.now()` answers while the `clock` fixture is active."""

    def __init__(self, now: datetime):
        self.now = now

    def set(self, when: datetime) -> None:
        self.now = when

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@contextmanager
def frozen(when: datetime):
    clock = Clock(when)
    with patch("django.utils.timezone.now", new=lambda: clock.now):
        yield clock


@pytest.fixture(name="clock")
def clock_fixture():
    with frozen(START) as clock:
        yield clock


# -- valid requests for every action ------------------------------------------------------------------------------

DECISION = {
    "outcome": "upheld", "reasons": "商品存在质量问题，支持退货退款。", "rule_ids": ["R-CPL24-QUALITY", "R-PQL40"],
    "remedies": [{"kind": "refund", "amount": "299.00"}],
}
REJECTION = {"outcome": "rejected", "reasons": "证据不足以证明商品存在质量问题。",
             "rule_ids": ["R-CPL24-QUALITY", "R-CIVPRO67-EVIDENCE"]}
OFFER = {"kind": "offer", "reasons": "同意退款", "remedies": [{"kind": "refund", "amount": "150.00"}]}
REFUSAL = {"kind": "refusal", "reasons": "商品已超过退货期限，且有明显使用痕迹。"}


def owed_remedy_id(complaint: Complaint) -> int:
    return complaint.remedies.filter(state=Remedy.State.ORDERED).order_by("id").values_list("pk", flat=True).first()


def valid_data(action: str, cast, complaint: Complaint, actor=None) -> dict:
    """A request that passes validation for `action` on this case."""
    return {
        "accept": lambda: {},
        "request_info": lambda: {"message": "请补充商品开线处的照片。"},
        "reject": lambda: {"reason": "no_dispute", "explanation": "双方已自行和解，无消费争议。"},
        "provide_info": lambda: {"message": "已上传袖口照片。"},
        "respond": lambda: dict(OFFER),
        "accept_offer": lambda: {},
        "reject_offer": lambda: {"reason": "退款金额太少。"},
        "escalate": lambda: {} if actor is None else {"reason": "双方无法协商一致，申请平台介入。"},
        "assign": lambda: {"assignee_id": cast.agent2.pk},
        "pause_clock": lambda: {"reason": "等待第三方检测报告"},
        "resume_clock": lambda: {},
        "decide": lambda: dict(DECISION),
        "appeal": lambda: {"reasons": "裁决未考虑运费损失。"},
        "decide_appeal": lambda: dict(DECISION),
        "finalize": lambda: {},
        "confirm_remedy": lambda: {"remedy_id": owed_remedy_id(complaint), "reference": "RF-2026-001"},
        "withdraw": lambda: {"reason": "已与商家私下解决。"},
        "close": lambda: {"reason": "长期无人回应"},
        "rate": lambda: {"score": 4, "comment": "处理及时"},
    }[action]()


def act(user, complaint, action: str, **data) -> Complaint:
    return complaint_act(actor=user, complaint_id=complaint.pk, action=action, data=data)


# -- building cases -----------------------------------------------------------------------------------------------

def new_case(cast, *, consumer=None, merchant=None, **overrides) -> Complaint:
    order = make_order(consumer=consumer or cast.consumer, merchant=merchant or cast.shop, lines=2)
    return file_complaint(consumer=consumer or cast.consumer, order=order, **overrides)


def drive_to(status: str, cast, *, offer: bool = True, mediator="agent", upheld: bool = True,
             via: str = "offer", owed: bool = True, rated: bool = False, clock: Clock | None = None) -> Complaint:
    """A fresh case brought to `status` through the real services, as people would.

    offer:    merchant_responded with a pending offer (True) or a refusal (False)
    mediator: "agent" / "supervisor" / None: who the supervisor assigns once the case is in mediation
    upheld:   decided with a refund ordered (True) or rejected with nothing owed (False)
    via:      how a case becomes resolved: "offer" (consumer accepts), "appeal" (review) or "finalize" (window lapses;
              needs `clock`)
    owed:     resolved with the remedy still to execute (True) or already executed (False)
    rated:    resolved/closed and already rated by the consumer
    """
    complaint = new_case(cast)
    agent, supervisor, consumer, merchant = cast.agent, cast.supervisor, cast.consumer, cast.merchant
    if status == Status.SUBMITTED:
        pass
    elif status in (Status.NEEDS_INFO, Status.CLOSED):
        complaint = act(agent, complaint, "request_info", message="请补充照片。")
        if status == Status.CLOSED:
            complaint = act(agent, complaint, "close", reason="消费者未补充材料")
    elif status == Status.NOT_ACCEPTED:
        complaint = act(agent, complaint, "reject", reason="no_dispute", explanation="无消费争议。")
    elif status == Status.WITHDRAWN:
        complaint = act(consumer, complaint, "withdraw", reason="不想投诉了")
    else:
        complaint = act(agent, complaint, "accept")
        if status == Status.AWAITING_MERCHANT:
            return _fresh(complaint)
        if status == Status.RESOLVED and via == "offer":
            complaint = act(merchant, complaint, "respond", **OFFER)
            complaint = act(consumer, complaint, "accept_offer")
            return _finish_resolved(complaint, cast, owed=owed, rated=rated)
        complaint = act(merchant, complaint, "respond", **(OFFER if offer else REFUSAL))
        if status == Status.MERCHANT_RESPONDED:
            return _fresh(complaint)
        complaint = act(consumer, complaint, "escalate", reason="方案不合理，申请平台介入。")
        decider = {"agent": agent, "supervisor": supervisor, None: None}[mediator]
        if decider is not None:
            complaint = act(supervisor, complaint, "assign", assignee_id=decider.pk)
        if status == Status.IN_MEDIATION:
            return _fresh(complaint)
        complaint = act(decider, complaint, "decide", **(DECISION if upheld else REJECTION))
        if status == Status.DECIDED:
            return _fresh(complaint)
        if status == Status.APPEALED or via == "appeal":
            complaint = act(consumer, complaint, "appeal", reasons="裁决金额不足。")
            if status == Status.APPEALED:
                return _fresh(complaint)
            reviewer = cast.supervisor2 if decider == supervisor else supervisor
            complaint = act(reviewer, complaint, "decide_appeal", **(DECISION if upheld else REJECTION))
        else:
            if clock is None:
                raise ValueError("resolving by finalize needs the clock to pass the appeal window")
            clock.set(complaint.deadline + timedelta(seconds=1))
            complaint = act(None, complaint, "finalize")
        return _finish_resolved(complaint, cast, owed=owed, rated=rated)
    if rated:
        complaint = act(consumer, complaint, "rate", score=3)
    complaint = _fresh(complaint)
    assert complaint.status == status, (complaint.status, status)
    return complaint


def _finish_resolved(complaint, cast, *, owed: bool, rated: bool) -> Complaint:
    if not owed:
        while (remedy_id := owed_remedy_id(complaint)) is not None:
            complaint = act(cast.merchant, complaint, "confirm_remedy", remedy_id=remedy_id, reference="RF-1")
    if rated:
        complaint = act(cast.consumer, complaint, "rate", score=3)
    complaint = _fresh(complaint)
    assert complaint.status == Status.RESOLVED
    return complaint


def _fresh(complaint: Complaint) -> Complaint:
    return Complaint.objects.get(pk=complaint.pk)


# -- "nothing changed" --------------------------------------------------------------------------------------------

def snapshot(complaint_id: int) -> dict:
    """Everything a call on this case could have written (the row itself down to updated_at, and its children)."""
    return {
        "complaint": Complaint.objects.filter(pk=complaint_id).values().get(),
        "lines": sorted(Complaint.objects.get(pk=complaint_id).lines.values_list("pk", flat=True)),
        "events": list(ComplaintEvent.objects.filter(complaint_id=complaint_id).values_list("pk", "hash")),
        "messages": list(Message.objects.filter(complaint_id=complaint_id).values_list("pk", "body", "staff_only")),
        "evidence": list(Evidence.objects.filter(complaint_id=complaint_id).values_list("pk", "sha256")),
        "responses": list(MerchantResponse.objects.filter(complaint_id=complaint_id).values_list("pk", "outcome")),
        "decisions": list(Decision.objects.filter(complaint_id=complaint_id).values_list("pk", flat=True)),
        "appeals": list(Appeal.objects.filter(complaint_id=complaint_id).values_list("pk", flat=True)),
        "remedies": list(Remedy.objects.filter(complaint_id=complaint_id).values_list(
            "pk", "state", "due_at", "executed_at", "amount")),
        "breaches": list(SlaBreach.objects.filter(complaint_id=complaint_id).values_list("pk", flat=True)),
    }


# -- the API as each caller sees it -------------------------------------------------------------------------------

ROLES = ("anonymous", "consumer", "other_consumer", "merchant", "other_merchant", "agent", "supervisor", "integration")


def user_for(role: str, cast):
    return {"anonymous": None, "integration": cast.platform}.get(role, getattr(cast, role, None))


def api_client(role: str, cast):
    """A test client that calls /api/v1 as `role` with a bearer token (anonymous: no credentials at all)."""
    from django.test import Client

    from weiquan.accounts.services import token_create

    client = Client()
    user = user_for(role, cast)
    if user is not None:
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_create(user=user)}"
    return client


def post_json(client, url: str, body=None, **headers):
    import json

    return client.post(url, data=json.dumps(body if body is not None else {}), content_type="application/json",
                       **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()})
