"""API operations answer `ninja.Status`; a (status, body) tuple is deprecated in django-ninja and fails the test run."""

import pytest
from ninja import NinjaAPI, Status
from ninja.testing import TestClient

probe = NinjaAPI(title="status probe", version="probe", urls_namespace="status-probe")


@probe.post("/status", response={201: dict})
def answers_status(request):
    return Status(201, {"made": True})


@probe.post("/tuple", response={201: dict})
def answers_tuple(request):
    return 201, {"made": True}


def test_a_status_answer_keeps_its_code_and_body():
    response = TestClient(probe).post("/status")
    assert (response.status_code, response.json()) == (201, {"made": True})


def test_a_tuple_answer_fails_the_run():
    # pyproject.toml's filterwarnings turns ninja's deprecation into an error, so no operation can slip back to tuples
    with pytest.raises(DeprecationWarning, match="^Returning tuple"):
        TestClient(probe).post("/tuple")
