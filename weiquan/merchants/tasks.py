"""Background tasks of merchant governance. Each takes ids or nothing and is safe to run twice or in parallel."""

from django_tasks import task


@task()
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


@task()
def publish_status_change_task(change_id: int) -> bool:
    from weiquan.merchants.services import status_change_publish

    return status_change_publish(change_id=change_id)


@task()
def deliver_webhook_task(message_id: int) -> str:
    from weiquan.merchants.webhooks import webhook_deliver

    return str(webhook_deliver(message_id))
