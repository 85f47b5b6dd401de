"""The documents nested in answers have real schemas in the API document (the facts and the assessment per
RIGHTS_API.md, an event's data, a flag's signals), and what the engine writes fits them: the worked examples of
rights-examples.json are assessed and both documents validated against the schemas the API document declares."""

import jsonschema_rs
import pytest
from django.test import Client

from weiquan.rights.engine import assess
from weiquan.rights.tests.examples import load_scenarios

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schemas(django_db_blocker):
    with django_db_blocker.unblock():
        return Client().get("/api/v1/openapi.json").json()["components"]["schemas"]


def _document(schemas, component: str, field: str) -> dict:
    return schemas[component]["properties"][field]


def test_the_rights_documents_are_described_not_free_objects(schemas):
    for component in ("ComplaintDetail", "RightsOut"):
        facts, answer = (_document(schemas, component, f) for f in ("rights_facts", "rights_assessment"))
        assert facts["anyOf"][1] == answer["anyOf"][1] == {"type": "null"}
        assert {"purchase", "goods", "claim", "clocks"} <= set(facts["anyOf"][0]["properties"])
        assert {"no_reason_return", "quality_return", "punitive", "burden_of_proof", "three_guarantees",
                "platform_liability", "clocks", "warnings"} == set(answer["anyOf"][0]["properties"])
        assert answer["anyOf"][0]["required"] == ["clocks", "warnings"]


def test_an_events_data_and_a_flags_signals_have_their_shape(schemas):
    data = _document(schemas, "EventOut", "data")
    assert [s["type"] for s in data["anyOf"]] == ["object", "null"]
    assert "data" not in schemas["EventOut"].get("required", [])  # staff only: absent for the parties
    signals = _document(schemas, "FlagOut", "signals")
    assert signals["type"] == "array" and signals["items"]["required"] == ["code", "count", "rows"]


@pytest.mark.parametrize("scenario", load_scenarios(), ids=lambda s: s["id"])
def test_the_engines_documents_fit_the_declared_schemas(schemas, scenario):
    facts_schema = _document(schemas, "ComplaintDetail", "rights_facts")
    answer_schema = _document(schemas, "ComplaintDetail", "rights_assessment")
    answer = assess(scenario["facts"])
    assert jsonschema_rs.validator_for(facts_schema).is_valid(scenario["facts"])
    errors = [str(e) for e in jsonschema_rs.validator_for(answer_schema).iter_errors(answer)]
    assert errors == []
    assert jsonschema_rs.validator_for(answer_schema).is_valid(None)  # a case whose assessment could not be made
