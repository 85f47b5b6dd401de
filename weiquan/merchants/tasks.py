"""Background tasks of merchant governance. Each takes ids or nothing and is safe to run twice or in parallel."""

from weiquan.core.outbox import task
from weiquan.core.webhooks import WebhookDeliveryFailed


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


@task(queue="default")
def publish_status_change_task(change_id: int) -> bool:
    from weiquan.merchants.services import status_change_publish

    return status_change_publish(change_id=change_id)


@task(queue="notifications")
def email_notice_task(notice_id: int) -> str:
    from weiquan.merchants.services.common import notice_email_send

    return notice_email_send(notice_id=notice_id)


@task(queue="webhooks")
def deliver_webhook_task(message_id: int) -> str:
    from weiquan.merchants.models import WebhookMessage
    from weiquan.merchants.webhooks import webhook_deliver

    state = str(webhook_deliver(message_id))
    if state == WebhookMessage.State.FAILED:  # the outbox retries with backoff, then keeps it as a dead letter
        raise WebhookDeliveryFailed(WebhookMessage.objects.filter(pk=message_id).values_list("last_error", flat=True)
                                    .first() or "failed")
    return state
