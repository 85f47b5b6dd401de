"""The filing wizard when the platform refuses what was entered: the wizard returns to the step of the refused field,
shows the reason beside that field (and in the summary on top), keeps everything typed, and files nothing. In
zh-Hans and in English; nothing is filed, so the journeys of the other tests are not touched."""

import re

import pytest

from tests.e2e.conftest import SCREENSHOTS

expect = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed").expect

TEXT = {
    "zh-hans": {"step": "您的诉求", "error": "诉求金额：金额无效，请填写 0 到 100,000,000 之间的数字，最多两位小数。",
                "description": "衬衫领口开线，要求退款。"},
    "en": {"step": "What you want",
           "error": "Amount claimed: not a valid amount: enter a number from 0 to 100,000,000 with at most two decimals.",
           "description": "The collar came apart; I want a refund."},
}


def next_step(page):
    page.locator(".wizard-step:not([hidden]) [data-next]").click()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_refused_amount_is_named_beside_its_field_and_everything_typed_is_kept(e2e_server, context_for, language):
    words = TEXT[language]
    count_cases = "from weiquan.complaints.models import Complaint\nprint(Complaint.objects.count())\n"
    before = e2e_server.python(count_cases).strip()
    page = context_for("zhang_san", language=language)
    page.goto(f"{e2e_server.url}/complaints/my/file/?order={e2e_server.data['journey_order']}")
    next_step(page)
    page.locator("label[for=wz-problem-defect]").click()
    next_step(page)
    page.fill("#wz-amount", "200000000")  # digits the form accepts, an amount the platform refuses
    next_step(page)
    page.fill("#wz-description", words["description"])
    next_step(page)
    next_step(page)
    expect(page.locator("#wizard-review")).not_to_be_empty()
    page.locator("#wizard-submit").click()

    # Back on the step of the refused field, the reason right below it, the field marked and described by it.
    expect(page.locator(".steps li.current")).to_have_text(words["step"])
    beside = page.locator("#wz-amount + .field-error")
    expect(beside).to_be_visible()
    expect(beside).to_have_text(words["error"])
    expect(page.locator("#wz-amount")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#wz-amount")).to_have_attribute("aria-describedby", re.compile(r"\bwz-error-amount_claimed\b"))
    expect(page.locator("#wizard-errors")).to_contain_text(words["error"])
    # What was typed is all still there; nothing was filed.
    expect(page.locator("#wz-amount")).to_have_value("200000000")
    expect(page.locator("#wz-problem-defect")).to_be_checked()
    expect(page.locator("#wz-description")).to_have_value(words["description"])
    assert e2e_server.python(count_cases).strip() == before
    page.screenshot(path=str(SCREENSHOTS / f"{language}-file-wizard-error.png"), full_page=True)
