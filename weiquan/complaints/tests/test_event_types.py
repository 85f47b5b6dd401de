"""The case's event vocabulary: every type has words in both languages, and nothing outside it is recorded."""


import pytest

from weiquan.complaints import workflow
from weiquan.complaints.event_types import EventType
from weiquan.complaints.labels import EVENT_LABELS, event_label
from weiquan.testing.vocabulary import assert_labelled_in_both_languages


@pytest.mark.parametrize("event_type", list(EventType))
def test_every_event_type_has_a_zh_hans_and_an_english_label(event_type):
    assert_labelled_in_both_languages(event_type, EVENT_LABELS, event_label, "complaints/labels.py")


def test_each_workflow_action_is_an_event_type_and_values_stay_the_stored_strings():
    assert workflow.ACTIONS <= set(EventType)
    assert EventType.SUBMITTED == "submitted" and str(EventType.SLA_BREACHED) == "sla_breached"
    assert {"submitted": 1}[EventType.SUBMITTED] == 1  # looks up rows and dicts keyed by the stored string


@pytest.mark.django_db
def test_a_type_outside_the_vocabulary_is_refused_and_nothing_is_written(cast):
    from weiquan.complaints.services.common import write_event
    from weiquan.testing.cases import new_case

    case = new_case(cast)
    before = (case.events.count(), case.event_count)
    with pytest.raises(ValueError):
        write_event(case, type="made_up", actor=cast.agent)
    case.refresh_from_db()
    assert (case.events.count(), case.event_count) == before
