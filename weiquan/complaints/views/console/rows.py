"""Words for the coded fields of list rows, looked up once per page.

`Model.get_FOO_display()` rebuilds and hashes the whole translated choice list on every call, which costs more than
the database for a page of fifty rows; a page resolves each choice list once instead.
"""

from django.utils.translation import gettext

from weiquan.complaints.models import Category, Channel, Party, Priority, Status
from weiquan.complaints.selectors_pages import cases_with_remedy_owed

_FIELDS = {"status": Status, "category": Category, "channel": Channel, "priority": Priority, "next_party": Party}


def label_rows(rows) -> None:
    """Set `<field>_label` on each row (status_label, category_label, channel_label, priority_label, next_party_label).
    A resolved case whose remedy is still owed reads 待履行, as on its own page (one more query, for resolved rows only)."""
    rows = list(rows)
    words = {name: {value: str(text) for value, text in choices.choices} for name, choices in _FIELDS.items()}
    owed = cases_with_remedy_owed(row.pk for row in rows if row.status == Status.RESOLVED)
    owed_word = gettext("待履行")
    for row in rows:
        for name, table in words.items():
            value = getattr(row, name)
            setattr(row, f"{name}_label", table.get(value, value))
        row.remedy_owed = row.pk in owed
        if row.remedy_owed:
            row.status_label = owed_word


def staff_choices(people) -> list[dict]:
    """Assignable people as {pk, username, role_label} (one translation of the role list per page)."""
    from weiquan.accounts.models import Role

    roles = {value: str(text) for value, text in Role.choices}
    return [{"pk": p.pk, "username": p.username, "role_label": roles.get(p.role, p.role)} for p in people]
