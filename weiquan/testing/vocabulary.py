"""One check for every event vocabulary (cases, governance, fair trading): a type has words in both languages."""

import re

from django.utils import translation

HAN = re.compile(r"[\u4e00-\u9fff]")


def assert_labelled_in_both_languages(event_type, labels, label, where: str) -> None:
    """`labels` is the app's label table and `label` its lookup; `where` names the file to add a missing label to."""
    assert event_type in labels, f"{event_type} has no label in {where}"
    with translation.override("zh-hans"):
        chinese = label(event_type)
    with translation.override("en"):
        english = label(event_type)
    assert HAN.search(chinese) and chinese != event_type.value
    assert english and not HAN.search(english), f"{event_type}: no English in the catalogue ({english!r})"
