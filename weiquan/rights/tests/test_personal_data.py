"""R-PIPL-DELETE with R-PLAT-RETAIN-3Y: erase at once, or keep (restricted) to the last day of the three years."""

from datetime import date

from weiquan.rights.personal_data import ERASE, RESTRICT, personal_data_deletion


def test_no_transaction_erases_at_once():
    answer = personal_data_deletion(today=date(2026, 5, 1), last_transaction_on=None)
    assert (answer.action, answer.keep_until, answer.rule_ids) == (ERASE, None, ("R-PIPL-DELETE",))


def test_within_three_years_restricts_to_the_same_numbered_day_and_erases_the_day_after():
    for today, action in ((date(2026, 5, 1), RESTRICT), (date(2028, 2, 28), RESTRICT), (date(2028, 2, 29), ERASE)):
        answer = personal_data_deletion(today=today, last_transaction_on=date(2025, 2, 28))
        assert (answer.action, answer.keep_until) == (action, date(2028, 2, 28)), today
    leap = personal_data_deletion(today=date(2026, 5, 1), last_transaction_on=date(2024, 2, 29))
    assert leap.keep_until == date(2027, 2, 28) and leap.action == RESTRICT  # R-CAL-MONTH: the month's last day
    assert leap.rule_ids == ("R-PIPL-DELETE", "R-PLAT-RETAIN-3Y", "R-CAL-MONTH")


def test_an_open_case_restricts_without_an_end_yet():
    answer = personal_data_deletion(today=date(2026, 5, 1), last_transaction_on=None, open_cases=1)
    assert (answer.action, answer.keep_until) == (RESTRICT, None)
