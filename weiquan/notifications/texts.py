"""A notification's words in the reader's language, made when the list is shown.

A case notification is worded from its case and event type. Any other kind (a spike alert) is worded by the app that
sends it: it registers a function here that takes the notifications of its kind and returns {id: text} in the
active language. The stored `text` (written in the recipient's language when it was sent) is the fallback for a
kind nobody words and for a row whose subject is gone.
"""

from collections.abc import Callable, Iterable

from weiquan.notifications.models import Notification

Wording = Callable[[list[Notification]], dict[int, str]]
_WORDINGS: dict[str, Wording] = {}


def register_wording(kind: str) -> Callable[[Wording], Wording]:
    def add(function: Wording) -> Wording:
        _WORDINGS[kind] = function
        return function

    return add


def notification_texts(notes: Iterable[Notification]) -> dict[int, str]:
    """{id: text} for notifications that are not about a case event, in the active language."""
    by_kind: dict[str, list[Notification]] = {}
    for note in notes:
        if not note.complaint_id:
            by_kind.setdefault(note.kind, []).append(note)
    texts: dict[int, str] = {}
    for kind, group in by_kind.items():
        worded = _WORDINGS[kind](group) if kind in _WORDINGS else {}
        texts.update({note.pk: worded.get(note.pk) or note.text for note in group})
    return texts
