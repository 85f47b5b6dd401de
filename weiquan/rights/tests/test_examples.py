"""Every worked scenario of rights-examples.json: each key in `expect` and the scenario's legal_basis IDs.

As the file's notes say, only the keys given in `expect` are asserted; `options` is compared key by key; lists carry
no order except `clocks`; the legal_basis IDs must appear in the legal_basis of the sections the scenario expects.
"""

from typing import Any

import pytest

from weiquan.rights import assess
from weiquan.rights.tests.examples import load_scenarios

SCENARIOS = load_scenarios()


def _same(expected: Any, actual: Any, where: str) -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        for key, value in expected.items():
            assert key in actual, f"{where}.{key} missing"
            _same(value, actual[key], f"{where}.{key}")
    elif isinstance(expected, list) and where.endswith("clocks"):
        assert len(actual) == len(expected), where
        for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
            _same(want, got, f"{where}[{index}]")
    elif isinstance(expected, list):
        assert sorted(map(repr, actual)) == sorted(map(repr, expected)), where
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


def _cited(answer: dict[str, Any], sections: list[str]) -> set[str]:
    cited: set[str] = set()
    for section in sections:
        value = answer.get(section)
        for part in value if isinstance(value, list) else [value]:
            if isinstance(part, dict):
                cited.update(part.get("legal_basis", []))
    return cited


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_scenario(scenario):
    answer = assess(scenario["facts"])
    for section, expected in scenario["expect"].items():
        assert section in answer, f"{scenario['id']}: no {section} in the answer"
        _same(expected, answer[section], section)
    missing = set(scenario["legal_basis"]) - _cited(answer, list(scenario["expect"]))
    assert not missing, f"{scenario['id']}: legal_basis lacks {sorted(missing)}"


def test_the_examples_file_is_not_empty():
    assert len(SCENARIOS) >= 10
