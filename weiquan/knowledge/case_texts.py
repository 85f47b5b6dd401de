"""A published case study's title, handling and outcome in the reader's language while they are still the platform's
own draft words.

A draft is worded from its case (redact.case_study_draft_text) in the language of whoever prepared it. A part staff
left as drafted is the platform's words, so the page words it again in the reader's language; a part staff rewrote is
theirs and is shown as they wrote it.
"""

from django.utils import translation

from weiquan.knowledge.models import CaseStudy
from weiquan.knowledge.redact import case_study_draft_text, draft_title

PARTS = ("title", "handling", "outcome")
DRAFT_LANGUAGES = ("zh-hans", "en")


def _in_each_language(make) -> list:
    drafted = []
    for language in DRAFT_LANGUAGES:
        with translation.override(language):
            drafted.append(make())
    return drafted


def case_study_shown(row: CaseStudy) -> dict[str, str]:
    """{title, handling, outcome} for a page in the active language."""
    shown = {part: getattr(row, part) for part in PARTS}
    drafted = _in_each_language(lambda: case_study_draft_text(row.source))
    here = case_study_draft_text(row.source)
    for part in PARTS:
        if any(shown[part] == draft[part] for draft in drafted):
            shown[part] = here[part]
    return shown


def case_study_title_shown(row: CaseStudy) -> str:
    """The title alone (for a list): the same rule, without reading the rest of the case."""
    if row.title in _in_each_language(lambda: draft_title(row.source)):
        return draft_title(row.source)
    return row.title
