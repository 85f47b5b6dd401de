"""The in-page notification list: one person's own notifications, marked read one by one or all at once."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from weiquan.complaints.links import case_page_url
from weiquan.notifications.models import Notification
from weiquan.notifications.services import notifications_mark_read
from weiquan.notifications.texts import notification_texts

PAGE_SIZE = 30


def _page(request):
    queryset = (Notification.objects.filter(recipient=request.user)
                .select_related("complaint").only("id", "kind", "text", "link", "ref", "created_at", "read_at",
                                                  "complaint__reference", "complaint__title", "complaint_id",
                                                  "recipient_id")
                .order_by("-created_at", "-id"))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    texts = notification_texts(page)
    for note in page:
        note.url = case_page_url(request.user, note.complaint_id) if note.complaint_id else note.link
        note.shown_text = texts.get(note.pk, note.text)
    unread = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
    return {"page": page, "unread": unread}


@login_required
@require_GET
def notification_list(request):
    return render(request, "notifications/list.html", _page(request))


@login_required
@require_POST
def notification_read(request):
    """Mark the posted ids read (or all, with all=1); htmx gets the refreshed list and the new badge back."""
    if request.POST.get("all") == "1":
        notifications_mark_read(user=request.user)
    else:
        ids = [int(v) for v in request.POST.getlist("id") if v.isdigit()]
        if ids:
            notifications_mark_read(user=request.user, ids=ids)
    if request.headers.get("HX-Request") == "true":
        return render(request, "notifications/_list.html", {**_page(request), "oob_badge": True})
    return HttpResponseRedirect(reverse("notifications:list"))
