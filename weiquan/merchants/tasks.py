"""Background tasks of merchant governance. Each takes ids or nothing and is safe to run twice or in parallel.

The tasks that services enqueue are declared beside the function they run (services/common.py, services/status.py,
webhooks.py), so no service imports this module; this one imports them back under the paths that rows queued before
the move name, and holds the periodic sweep, which nothing enqueues by import.
"""

from weiquan.core.outbox import task
from weiquan.merchants.services.common import email_notice_task
from weiquan.merchants.services.status import publish_status_change_task
from weiquan.merchants.webhooks import deliver_webhook_task

__all__ = ["deliver_webhook_task", "email_notice_task", "governance_sweep_task", "publish_status_change_task"]


@task(queue="default")
def governance_sweep_task() -> dict:
    """The one periodic entry point: merchant governance (re-verification, licences, deposits, advance compensation,
    publication, webhooks) and then quality (listing re-checks, buyer notices)."""
    from weiquan.merchants.services import governance_sweep
    from weiquan.quality.services import quality_sweep

    report = governance_sweep()
    try:
        report.quality = quality_sweep()
    except Exception as exc:  # the merchant half has committed; say what failed instead of losing the report
        report.errors.append(f"quality: {type(exc).__name__}: {exc}")
    return report.as_dict()
