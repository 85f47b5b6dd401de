from django_tasks import task

from weiquan.notifications.services import notifications_deliver_for_event


@task()
def deliver_event_notifications(event_id: int) -> int:
    return notifications_deliver_for_event(event_id=event_id)
