"""The console's decision form: the searchable rule picker (rules in words, found by law, article, words or ID) and an
appeal review that starts from the decision under appeal."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from weiquan.complaints.models import Status
from weiquan.complaints.views.console.rule_picker import chinese_number, rule_entries, rules_matching
from weiquan.testing.cases import clock_fixture, drive_to, fast_passwords, login, media_in_tmp  # noqa: F401

RULES_URL = "complaints:console_rules"


def _checked(html: str, prefix: str) -> list[str]:
    return sorted(re.findall(rf'name="rule_ids" value="([A-Z0-9-]+)" id="{prefix}-[^"]*-rule-\d+" checked', html))


@pytest.mark.parametrize("n,words", [(1, "一"), (10, "十"), (13, "十三"), (24, "二十四"), (40, "四十"),
                                     (102, "一百零二"), (148, "一百四十八"), (210, "二百一十")])
def test_article_numbers_read_in_chinese(n, words):
    assert chinese_number(n) == words


@pytest.mark.parametrize("query,expected", [
    ("七天 退款", ["R-NR-REFUND-7D"]),                      # said as people say it (the law writes 七日)
    ("第二十四条 更换", ["R-CPL24-QUALITY"]),                  # the article in words
    ("R-NR-WINDOW", ["R-NR-WINDOW"]),
    ("食品安全法 148(1)", ["R-PUN-FSL148-FIRST"]),
    ("food safety law 148(1)", ["R-PUN-FSL148-FIRST"]),     # the law's English name
    ("no such words at all", []),
])
def test_rules_matching(query, expected):
    assert rules_matching(query) == expected


def test_every_rule_of_a_law_is_found_by_its_name():
    found = rules_matching("无理由退货办法")
    assert "R-NR-WINDOW" in found and "R-CPL24-QUALITY" not in found and len(found) >= 15
    assert all(r.startswith("R-NR-") or r == "R-NR" for r in found)


def test_entries_are_in_words_in_the_readers_language_suggested_first():
    with translation.override("en"):
        entries = rule_entries(["R-NR-WINDOW"])
    assert entries[0] == {"id": "R-NR-WINDOW", "title": "Seven days from the day after signing",
                          "article": "Interim Measures on 7-Day No-Reason Returns of Goods Bought Online Art. 10",
                          "suggested": True}
    assert not any(e["suggested"] for e in entries[1:]) and all(e["title"] for e in entries)


@pytest.mark.django_db
@pytest.mark.parametrize("role,status", [("agent", 200), ("supervisor", 200), ("consumer", 403), ("merchant", 403),
                                         ("compliance", 403)])
def test_rule_search_is_for_case_workers(cast, role, status):
    response = login(getattr(cast, role)).get(reverse(RULES_URL), {"q": "七天 退款"})
    assert response.status_code == status
    if status == 200:
        assert response.json() == {"ids": ["R-NR-REFUND-7D"]}


@pytest.mark.django_db
def test_picker_shows_every_rule_in_words_never_a_bare_id(cast, clock):
    complaint = drive_to(Status.IN_MEDIATION, cast)
    html = login(cast.agent).get(reverse("complaints:console_case", args=[complaint.pk])).content.decode()
    assert f'data-search-url="{reverse(RULES_URL)}"' in html
    # Each rule of the picker carries its title and article beside the ID.
    assert re.search(r'<span class="rule-title">不符合质量要求的退货、更换、修理</span> <cite>消费者权益保护法第24条</cite> '
                     r'<code>R-CPL24-QUALITY</code>', html)
    assert not re.search(r'<option value="R-[A-Z0-9-]+"[^>]*>R-[A-Z0-9-]+</option>', html)


# -- appeal review ------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_appeal_review_starts_from_the_decision_under_appeal(cast, clock):
    complaint = drive_to(Status.APPEALED, cast)  # decided by the agent: upheld, refund 299.00, two rules
    html = login(cast.supervisor).get(reverse("complaints:console_case", args=[complaint.pk])).content.decode()
    form = html[html.index('data-action="decide_appeal"'):]
    form = form[:form.index("</form>")]
    assert re.search(r'<option value="upheld" selected>', form)
    assert _checked(form, "decide_appeal") == ["R-CPL24-QUALITY", "R-PQL40"]
    assert 'value="299.00"' in form
    assert "已按原裁决填好裁决结果、引用规则和处理措施" in form


@pytest.mark.django_db
def test_upholding_the_appeal_as_prefilled_keeps_the_remedies(cast, clock):
    complaint = drive_to(Status.APPEALED, cast)
    client = login(cast.supervisor)
    client.post(reverse("complaints:case_act", args=[complaint.pk, "decide_appeal"]), {
        "outcome": "upheld", "reasons": "复核后维持原裁决，理由充分。", "rule_ids": ["R-CPL24-QUALITY", "R-PQL40"],
        "remedy_kind": ["refund", ""], "remedy_amount": ["299.00", ""], "remedy_note": ["", ""],
    })
    complaint.refresh_from_db()
    review = complaint.decisions.get(is_appeal_review=True)
    assert (review.outcome, review.decided_by_id) == ("upheld", cast.supervisor.pk)
    assert [(r.kind, str(r.amount)) for r in review.remedies.all()] == [("refund", "299.00")]


@pytest.mark.django_db
def test_a_first_decision_still_starts_from_the_assessment(cast, clock):
    complaint = drive_to(Status.IN_MEDIATION, cast)
    html = login(cast.agent).get(reverse("complaints:console_case", args=[complaint.pk])).content.decode()
    assert "已按原裁决填好" not in html
    assert '<option value="upheld" selected>' not in html
