"""The fair-trading event vocabulary: every type has words in both languages, writers name types through the enum,
and the flag page shows the words, never a code."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from weiquan.fairtrade.event_types import FairTradeEventType
from weiquan.fairtrade.labels import EVENT_LABELS, event_label
from weiquan.fairtrade.models import FairTradeEvent
from weiquan.testing.vocabulary import assert_labelled_in_both_languages

APP = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("event_type", list(FairTradeEventType))
def test_every_fair_trading_event_type_has_a_zh_hans_and_an_english_label(event_type):
    assert_labelled_in_both_languages(event_type, EVENT_LABELS, event_label, "fairtrade/labels.py")


def test_writers_name_the_type_through_the_vocabulary():
    literal = re.compile(r"""\brecord\(\s*["']""")
    offenders = [str(path.relative_to(APP)) for path in (APP / "services").rglob("*.py")
                 if literal.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_an_event_shows_its_words():
    with translation.override("zh-hans"):
        assert FairTradeEvent(type=FairTradeEventType.REVIEW_DELETED).label == "评价被删除"
        assert FairTradeEvent(type="made_up").label == "其他处理"
    with translation.override("en"):
        assert FairTradeEvent(type="flag_raised").label == "Detected"
