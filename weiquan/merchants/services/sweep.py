"""The periodic governance sweep: everything time-driven, each step idempotent and isolated from the others."""

from dataclasses import asdict, dataclass, field

from django.utils import timezone

from weiquan.merchants.services.deposits import advance_compensation_sweep, deposit_grace_sweep
from weiquan.merchants.services.reverification import reverification_sweep
from weiquan.merchants.services.status import penalties_expire, status_changes_publish_pending
from weiquan.merchants.webhooks import webhook_retry_due


@dataclass
class GovernanceSweepReport:
    reverification: dict = field(default_factory=dict)
    penalties_expired: int = 0
    deposit_restricted: int = 0
    advance_compensation: dict = field(default_factory=dict)
    published: int = 0
    webhooks_tried: int = 0
    quality: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def governance_sweep(*, now=None) -> GovernanceSweepReport:
    """Open and remind re-verifications, flag and act on licence expiry, lapse deposits and short-term measures,
    pay overdue remedies where policy allows, publish decisions, retry webhooks."""
    now = now or timezone.now()
    on = timezone.localdate(now)
    report = GovernanceSweepReport()
    reverification = reverification_sweep(on=on)
    report.reverification = asdict(reverification)
    report.errors.extend(reverification.errors)

    def step(name, fn):
        try:
            return fn()
        except Exception as exc:  # reported, and the next step still runs
            report.errors.append(f"{name}: {type(exc).__name__}: {exc}")
            return None

    report.penalties_expired = step("penalties_expire", lambda: penalties_expire(on=on)) or 0
    report.deposit_restricted = step("deposit_grace", lambda: deposit_grace_sweep(on=on)) or 0
    report.advance_compensation = step("advance_compensation", lambda: advance_compensation_sweep(now=now)) or {}
    report.published = step("publish", status_changes_publish_pending) or 0
    report.webhooks_tried = step("webhooks", lambda: webhook_retry_due(now=now)) or 0
    return report
