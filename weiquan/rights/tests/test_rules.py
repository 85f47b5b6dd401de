"""RULE_TITLES covers every rule the engine cites, and every rule ID of RULES.md when the design copy is at hand."""

import re

import pytest

from weiquan.rights import RULE_TITLES, assess
from weiquan.rights.tests.examples import examples_path, load_scenarios


def test_titles_are_bilingual_with_an_article():
    for rule_id, title in RULE_TITLES.items():
        assert rule_id.startswith("R-")
        assert set(title) == {"zh", "en", "article"}
        assert all(isinstance(value, str) and value for value in title.values()), rule_id


def _cited(answer):
    for section in ("no_reason_return", "quality_return", "punitive"):
        if section in answer:
            yield from answer[section]["legal_basis"]
            if answer[section].get("basis"):
                yield answer[section]["basis"]
            yield from answer[section].get("options", {})
    for clock in answer["clocks"]:
        yield from clock["legal_basis"]


@pytest.mark.parametrize("scenario", load_scenarios(), ids=lambda s: s["id"])
def test_every_cited_rule_has_a_title(scenario):
    assert set(_cited(assess(scenario["facts"]))) <= set(RULE_TITLES)
    assert set(scenario["legal_basis"]) <= set(RULE_TITLES)


def test_rules_md_ids_all_have_titles():
    rules_md = examples_path().parent / "RULES.md"
    if not rules_md.is_file():
        pytest.skip("RULES.md is not beside the examples")
    # Rule IDs stand in the first column of the tables or in backticks.
    ids = set()
    for line in rules_md.read_text(encoding="utf-8").splitlines():
        ids.update(m for m in re.findall(r"^\| (R-[A-Z0-9-]+[A-Z0-9]) \|", line))
        ids.update(re.findall(r"`(R-[A-Z0-9-]+[A-Z0-9])`", line))
    assert ids, "no rule IDs found"
    assert ids - set(RULE_TITLES) == set()
