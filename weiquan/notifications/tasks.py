from weiquan.core.outbox import task
from weiquan.notifications.services import notification_email_send, notifications_deliver_for_event


@task(queue="notifications")
def deliver_event_notifications(event_id: int) -> int:
    return notifications_deliver_for_event(event_id=event_id)


@task(queue="notifications")
def send_notification_email(notification_id: int, subject: str, body: str) -> str:
    return notification_email_send(notification_id=notification_id, subject=subject, body=body)
