"""RULE_TITLES covers every rule the engine cites, and every rule ID of RULES.md when the design copy is at hand."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from weiquan.rights import RULE_TITLES, assess
from weiquan.rights.explain import explain, rule_refs
from weiquan.rights.rules import PROJECT_RULES, article_en, article_zh
from weiquan.rights.tests.examples import examples_path, load_scenarios

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def test_titles_are_bilingual_with_an_article():
    for rule_id, title in RULE_TITLES.items():
        # R- for the law, P- for the platform's own measures (only among this project's additions)
        assert rule_id.startswith("R-") or (rule_id.startswith("P-") and rule_id in PROJECT_RULES), rule_id
        assert set(title) == {"zh", "en", "article", "article_zh", "article_en", "source"}
        assert all(isinstance(value, str) and value for value in title.values()), rule_id


@pytest.mark.parametrize("rule_id", sorted(RULE_TITLES))
def test_every_rule_reads_in_english_without_chinese_and_in_chinese(rule_id):
    title = RULE_TITLES[rule_id]
    assert not CJK.search(title["en"]) and not CJK.search(title["article_en"]), (rule_id, title)
    assert CJK.search(title["zh"]), rule_id
    with translation.override("en"):
        (ref,) = rule_refs([rule_id])
    assert (ref["title"], ref["article"]) == (title["en"], title["article_en"])
    with translation.override("zh-hans"):
        (ref,) = rule_refs([rule_id])
    assert (ref["title"], ref["article"]) == (title["zh"], title["article_zh"])
    assert "Art" not in ref["article"] and not re.search(r"Art\.\d", title["article_en"]), title
    assert ref["extra"] is (rule_id in PROJECT_RULES)


def test_an_article_names_each_law_in_english():
    assert article_en("消费者权益保护法 Art.23(3)") == "Consumer Rights Protection Law Art. 23(3)"
    assert article_en("民法典 Art.203; 民事诉讼法 Art.85") == "Civil Code Art. 203; Civil Procedure Law Art. 85"
    assert article_en("无理由退货办法 Art.2, 36").endswith("Bought Online Art. 2, 36")
    assert article_en("部分商品修理更换退货责任规定").startswith("Provisions on the Repair, Replacement")
    with pytest.raises(KeyError):
        article_en("某某办法 Art.1")


@pytest.mark.parametrize(("article", "cited"), [
    ("无理由退货办法 Art.2, 36", "无理由退货办法第2条、第36条"),
    ("消费者权益保护法 Art.23(3)", "消费者权益保护法第23条第3款"),
    ("无理由退货办法 Art.7, 20(2)", "无理由退货办法第7条、第20条第2款"),
    ("食药惩罚性赔偿解释 Art.1, 12-14", "食药惩罚性赔偿解释第1条、第12条至第14条"),
    ("无理由退货办法 Art.5; 网络消费规定(一) Art.2", "无理由退货办法第5条；网络消费规定(一)第2条"),
    ("部分商品修理更换退货责任规定", "部分商品修理更换退货责任规定"),
])
def test_an_article_reads_as_chinese_readers_cite_it(article, cited):
    assert article_zh(article) == cited


@pytest.mark.parametrize("scenario", load_scenarios(), ids=lambda s: s["id"])
def test_english_points_cite_laws_in_english(scenario):
    answer = assess(scenario["facts"])
    with translation.override("en"):
        points = explain(answer, scenario["facts"], audience="mediator")
    for point in points:
        for ref in point["rules"]:
            assert not CJK.search(ref["title"] + ref["article"]), ref


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
    # The rest are this project's additions, documented in docs/rules-extra.md and marked as such.
    assert set(RULE_TITLES) - ids == PROJECT_RULES
    extra = (Path(__file__).resolve().parents[3] / "docs" / "rules-extra.md").read_text(encoding="utf-8")
    assert all(f"| {rule_id} |" in extra for rule_id in PROJECT_RULES)
