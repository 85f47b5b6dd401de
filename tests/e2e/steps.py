"""Steps of a complaint's journey that several browser journeys take the same way (the inline one and the one against
the demo with its worker): each acts as one party through the UI and checks what that party then sees."""

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed").expect

STATUS = ".case-status .status"


def open_action(page, action: str):
    """The form of one workflow action on a case page (opening its disclosure when it has one)."""
    form = page.locator(f"form[action$='/act/{action}/']")
    details = page.locator(f"details.action-{action}")
    if details.count() and not details.first.evaluate("d => d.open"):
        details.first.locator("summary").click()
    return form.first


def merchant_offers_refund(merchant, amount: str, reasons: str) -> None:
    """On its case page, the merchant answers with a refund of `amount`."""
    expect(merchant.locator(".case-status")).to_contain_text("等待您处理")
    merchant.select_option("#respond-kind-0", "refund")
    merchant.fill("#respond-amount-0", amount)
    merchant.fill("#respond-reasons", reasons)
    merchant.get_by_role("button", name="提交答复").click()
    expect(merchant.locator(STATUS)).to_have_text("商家已答复")


def consumer_rejects_offer(consumer, case_url: str, amount: str, reason: str) -> None:
    """The consumer sees the merchant's offer of `amount` and rejects it: the platform mediates."""
    consumer.goto(case_url)
    expect(consumer.locator(STATUS)).to_have_text("商家已答复")
    expect(consumer.locator(".pending-offer")).to_contain_text(f"¥{amount}")
    expect(consumer.locator(".case-status")).to_contain_text("等待您处理")
    form = open_action(consumer, "reject_offer")
    form.locator("textarea[name=reason]").fill(reason)
    form.locator("button[type=submit]").click()
    expect(consumer.locator(STATUS)).to_have_text("平台调解中")
    expect(consumer.locator("#case-messages")).to_contain_text(reason)
    expect(consumer.locator("form[action$='/act/accept_offer/']")).to_have_count(0)


def supervisor_assigns(supervisor, case_url: str, mediator: str) -> None:
    supervisor.goto(case_url)
    form = open_action(supervisor, "assign")
    value = form.locator("select[name=assignee_id] option", has_text=mediator).get_attribute("value")
    form.locator("select[name=assignee_id]").select_option(value)
    form.locator("button[type=submit]").click()
    expect(supervisor.locator(".flash")).to_contain_text("已分配。")


def mediator_decides_refund(agent, *, amount: str, rule_ids: str, reasons: str) -> None:
    """On the case page it has open, the mediator upholds the complaint with a refund of `amount` alone."""
    form = open_action(agent, "decide")
    form.locator("select[name=outcome]").select_option("upheld")
    form.locator("textarea[name=reasons]").fill(reasons)
    form.locator("input[type=text][name=rule_ids]").fill(rule_ids)
    kinds = form.locator("select[name=remedy_kind]")
    for i in range(kinds.count()):
        kinds.nth(i).select_option("")
    kinds.nth(0).select_option("refund")
    form.locator("input[name=remedy_amount]").nth(0).fill(amount)
    form.locator("button[type=submit]").click()
    expect(agent.locator(STATUS)).to_have_text("已裁决")
    expect(agent.locator("#case-remedies")).to_contain_text(f"¥{amount}")


def merchant_records_remedy(merchant, reference: str) -> None:
    """On its case page, the merchant records the remedy as carried out under its own `reference`."""
    merchant.locator("#execution input[name=reference]").first.fill(reference)
    merchant.get_by_role("button", name="确认已履行").click()
    expect(merchant.locator("#case-remedies")).to_contain_text(reference)


def consumer_rates(consumer, case_url: str, comment: str) -> None:
    """The case is resolved; the consumer gives five stars and the rating form goes away."""
    consumer.goto(case_url)
    expect(consumer.locator(STATUS)).to_have_text("已解决")
    form = open_action(consumer, "rate")
    form.locator("label[for$='-score-5']").click()
    form.locator("textarea[name=comment]").fill(comment)
    form.locator("button[type=submit]").click()
    expect(consumer.locator(".case-status .stars")).to_have_text("★★★★★")
    expect(consumer.locator("form[action$='/act/rate/']")).to_have_count(0)
