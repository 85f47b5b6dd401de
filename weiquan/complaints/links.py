"""Where each reader finds a case: the case page of their own portal (pages, notifications and e-mails link here)."""

from django.urls import NoReverseMatch, reverse

from weiquan.accounts.models import Role
from weiquan.complaints import selectors
from weiquan.complaints.models import Complaint

# Where each kind of user reads a case (the portals' detail pages), tried in order.
CASE_PAGES = {
    Role.CONSUMER: "complaints:my_complaint",
    Role.MERCHANT: "complaints:merchant_case",
}
STAFF_CASE_PAGE = "complaints:console_case"


def case_page_url(user, complaint: Complaint | int) -> str:
    """The case page of `user`'s own portal (or the home page while that portal is not built)."""
    complaint_id = getattr(complaint, "pk", complaint)
    name = STAFF_CASE_PAGE if (user.is_superuser or user.role in selectors.READ_ALL_ROLES) else CASE_PAGES.get(user.role)
    if name:
        try:
            return reverse(name, args=[complaint_id])
        except NoReverseMatch:
            pass
    return "/"
