"""The governance record's event vocabulary (merchants and quality write it): every type has words in both
languages, writers name types through the enum, and a page never shows a code."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from weiquan.merchants.event_types import GovernanceEventType
from weiquan.merchants.labels import EVENT_LABELS, event_label
from weiquan.merchants.models import EntryKind
from weiquan.testing.vocabulary import assert_labelled_in_both_languages

WEIQUAN = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("event_type", list(GovernanceEventType))
def test_every_governance_event_type_has_a_zh_hans_and_an_english_label(event_type):
    assert_labelled_in_both_languages(event_type, EVENT_LABELS, event_label, "merchants/labels.py")


def test_types_built_from_other_codes_are_in_the_vocabulary():
    """Deposit entries write `deposit_<kind>`, price flags `price_flag_<state>`: each one must exist."""
    for kind in EntryKind.values:
        assert GovernanceEventType(f"deposit_{kind}")
    for state in ("resolved", "dismissed"):
        assert GovernanceEventType(f"price_flag_{state}")
    assert str(GovernanceEventType.PENALTY_IMPOSED) == "penalty_imposed"  # stored and hashed as the plain string


def test_writers_name_the_type_through_the_vocabulary():
    literal = re.compile(r"""(?:record_event|governance_event_record)\([^)]*?\btype=["']""", re.S)
    offenders = [str(path.relative_to(WEIQUAN)) for app in ("merchants", "quality")
                 for path in (WEIQUAN / app).rglob("*.py")
                 if "tests" not in path.parts and literal.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_a_type_outside_the_vocabulary_reads_as_words_not_as_its_code():
    with translation.override("zh-hans"):
        assert event_label("internal_note") == "记录"
    with translation.override("en"):
        assert event_label("internal_note") == "Record"
