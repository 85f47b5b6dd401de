"""Demo data for the agencies app: a district consumer association with one staff log-in (`agency1`) and one demo
case referred to it, so the body's pages (referred cases, the case with its record, the statistics) show something.
Made through the real services; idempotent."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from weiquan.accounts.models import Role
from weiquan.complaints.models import Complaint, Status

from .models import AgencyMembership, Body, BodyKind, Referral
from .services.referrals import referral_create

PASSWORD = "weiquan-demo"
BODY = {"code": "demo-xuhui-cca", "name": "上海市徐汇区消费者权益保护委员会", "kind": BodyKind.ASSOCIATION,
        "region": "上海市徐汇区", "contact_name": "周敏", "contact_phone": "021-64870000", "answer_working_days": 10}
USERNAME = "agency1"
# The case referred: consumer1's case furthest from closing (the consumer lives in the body's district).
REFERRED_STATUSES = [Status.IN_MEDIATION, Status.DECIDED, Status.RESOLVED, Status.CLOSED]


@dataclass
class AgencyDemo:
    created: dict = field(default_factory=lambda: {"bodies": 0, "users": 0, "referrals": 0})
    problems: list[str] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(
        default_factory=lambda: [(USERNAME, "消协工作人员：上海市徐汇区消保委（移送案件、投诉统计）")])


def seed_agency_demo() -> AgencyDemo:
    report = AgencyDemo()
    User = get_user_model()
    referrer = User.objects.filter(username="supervisor1").first()
    if referrer is None:
        report.problems.append("supervisor1 is missing (run the platform demo first)")
        return report
    with transaction.atomic():
        body, new = Body.objects.get_or_create(code=BODY["code"], defaults={k: v for k, v in BODY.items() if k != "code"})
        report.created["bodies"] += int(new)
        user = User.objects.filter(username=USERNAME).first()
        if user is None:
            user = User.objects.create_user(username=USERNAME, password=PASSWORD, role=Role.AGENCY,
                                            email=f"{USERNAME}@demo.weiquan.invalid")
            report.created["users"] += 1
        AgencyMembership.objects.get_or_create(user=user, defaults={"body": body})
    if Referral.objects.filter(body=body).exists():
        return report
    cases = Complaint.objects.filter(consumer__username="consumer1")
    complaint = next((c for status in REFERRED_STATUSES for c in cases.filter(status=status).order_by("pk")[:1]),
                     None)
    if complaint is None:
        report.problems.append("consumer1 has no case to refer")
        return report
    referral_create(actor=referrer, complaint=complaint, body=body,
                    note="消费者居住在徐汇区，调解未果，请消保委协助处理。")
    report.created["referrals"] += 1
    return report
