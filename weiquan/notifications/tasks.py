from weiquan.core.outbox import task
from weiquan.notifications.services import (
    notifications_deliver_for_event,
    notifications_deliver_for_events,
    send_notification_email,  # declared beside the function it runs; imported here for rows queued under this path
)

__all__ = ["deliver_event_notifications", "send_notification_email"]


@task(queue="notifications")
def deliver_event_notifications(event_id: int) -> int:
    return notifications_deliver_for_event(event_id=event_id)


@deliver_event_notifications.in_batches
def deliver_events_notifications(arguments: list[list]) -> list[int]:
    return notifications_deliver_for_events(event_ids=[event_id for event_id, in arguments])
