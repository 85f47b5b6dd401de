"""Data-subject requests (PIPL Art.44-47): the consumer asks, the compliance role handles before the deadline on the
business calendar, and a deletion is erased or restricted as the rights engine says (R-PIPL-DELETE)."""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model

from weiquan.complaints.events import verify_case
from weiquan.complaints.services import evidence_add, message_post
from weiquan.complaints.services.erasure import ERASED_TEXT
from weiquan.core.calendar import SHANGHAI
from weiquan.privacy.models import DataSubjectRequest, Erasure, PersonalDataAccess, RetentionRun
from weiquan.privacy.requests import PrivacyError, dsr_handle, dsr_submit
from weiquan.privacy.retention import retention_sweep
from weiquan.testing.cases import PNG, act, fast_passwords, login, media_in_tmp, new_case  # noqa: F401

pytestmark = pytest.mark.django_db
Status = DataSubjectRequest.Status


def test_the_deadline_is_fifteen_working_days_on_the_business_calendar(cast):
    received = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)  # a Monday; the day itself is not counted
    item = dsr_submit(subject=cast.consumer, kind="export", now=received)
    assert item.due_at == datetime(2026, 3, 23, 23, 59, 59, tzinfo=SHANGHAI)
    # Over National Day the days off (10-01..07) do not count and Saturday 10-10 is a make-up working day
    later = dsr_submit(subject=cast.other_consumer, kind="export", now=datetime(2026, 9, 30, 9, tzinfo=SHANGHAI))
    assert later.due_at.astimezone(SHANGHAI).date() == date(2026, 10, 27)
    # asking again while one is open answers the same request
    assert dsr_submit(subject=cast.consumer, kind="export").pk == item.pk
    assert DataSubjectRequest.objects.count() == 2


def test_a_request_whose_deadline_falls_in_an_unloaded_year_is_dated_once_that_year_is_loaded(cast):
    from weiquan.core.models import CalendarDay, CalendarYear
    from weiquan.core.services import calendar_changed
    from weiquan.privacy.tasks import privacy_sweep_task

    item = dsr_submit(subject=cast.consumer, kind="export", now=datetime(2026, 12, 20, 9, tzinfo=SHANGHAI))
    assert item.due_at is None and CalendarYear.objects.filter(year=2027).count() == 0
    assert "deadlines_filled" not in privacy_sweep_task()  # nothing to date yet: it stays empty, never guessed
    item.refresh_from_db()
    assert item.due_at is None
    CalendarYear.objects.create(year=2027, source="test")
    CalendarDay.objects.create(date=date(2027, 1, 1), kind="rest", note="元旦")
    calendar_changed()
    assert privacy_sweep_task()["deadlines_filled"] == 1
    item.refresh_from_db()  # Dec 21-25, 28-31 (9), Jan 1 off, Jan 4-8 (14), Jan 11 the 15th working day
    assert item.due_at == datetime(2027, 1, 11, 23, 59, 59, tzinfo=SHANGHAI)
    assert "deadlines_filled" not in privacy_sweep_task()


def test_loading_the_year_from_its_notice_dates_the_request_at_once(cast):
    from django.contrib.auth import get_user_model

    from weiquan.core.calendar_notice import notice_check
    from weiquan.core.services import calendar_load_year, calendar_warning

    item = dsr_submit(subject=cast.consumer, kind="export", now=datetime(2026, 12, 20, 9, tzinfo=SHANGHAI))
    assert calendar_warning(today=date(2026, 12, 20))["refused"]["dsr_refused_deadline_count"] == 1
    operator = get_user_model().objects.create_superuser(username="ops", email="ops@example.com", password="x")
    # A made-up 2027 schedule: Fri Jan 1 off, Sat Jan 2 a make-up working day.
    loaded = calendar_load_year(actor=operator, notice=notice_check(
        year=2027, source="测试通知", rest_days=["2027-01-01"], work_days=["2027-01-02"]))
    assert loaded.rearmed["dsr_fill_refused_deadlines"] == 1
    item.refresh_from_db()  # Dec 21-25, 28-31 (9), Jan 1 off, Sat Jan 2 works (10), Jan 4-8 the 11th to 15th
    assert item.due_at == datetime(2027, 1, 8, 23, 59, 59, tzinfo=SHANGHAI)
    assert calendar_warning(today=date(2026, 12, 20)) is None


@pytest.mark.parametrize("who", ["merchant", "agent", "platform"])
def test_only_a_consumer_asks_about_their_own_data(cast, who):
    with pytest.raises(PrivacyError) as caught:
        dsr_submit(subject=getattr(cast, who), kind="export")
    assert caught.value.status == 403 and not DataSubjectRequest.objects.exists()


def test_a_correction_is_applied_by_compliance_and_a_refusal_needs_reasons(cast):
    item = dsr_submit(subject=cast.consumer, kind="correction", details="手机号换了，应为 13700001234")
    for who in ("agent", "supervisor", "merchant", "consumer"):
        with pytest.raises(PrivacyError):
            dsr_handle(actor=getattr(cast, who), request_id=item.pk, approve=True, corrections={"phone": "1"})
    with pytest.raises(PrivacyError) as caught:
        dsr_handle(actor=cast.compliance, request_id=item.pk, approve=False, outcome="")
    assert caught.value.field == "outcome"
    item.refresh_from_db()
    assert item.status == Status.OPEN and item.handled_by is None
    done = dsr_handle(actor=cast.compliance, request_id=item.pk, approve=True, outcome="已更正",
                      corrections={"phone": "+86 137-0000-1234", "display_name": ""})
    consumer = get_user_model().objects.get(pk=cast.consumer.pk)
    assert (done.status, consumer.phone, done.handled_by_id) == (Status.DONE, "13700001234", cast.compliance.pk)
    with pytest.raises(PrivacyError) as again:
        dsr_handle(actor=cast.compliance, request_id=item.pk, approve=True, corrections={"phone": "13700009999"})
    assert again.value.status == 409


def _case_with_personal_text(cast):
    case = new_case(cast)
    message_post(actor=cast.consumer, complaint_id=case.pk, body="我的身份证号 110101199003071234，电话 13812341234")
    message_post(actor=cast.merchant, complaint_id=case.pk, body="已收到，我们核实一下")
    evidence_add(actor=cast.consumer, complaint_id=case.pk, name="张三的订单截图.png", content=PNG)
    return case


def test_deletion_during_the_retention_period_restricts_then_the_sweep_erases_with_the_chain_intact(cast):
    case = _case_with_personal_text(cast)
    case = act(cast.consumer, case, "withdraw", reason="已与商家私下解决。")
    closed_day = case.closed_at.astimezone(SHANGHAI).date()
    item = dsr_submit(subject=cast.consumer, kind="deletion")
    item = dsr_handle(actor=cast.compliance, request_id=item.pk, approve=True, outcome="依法保存期满后删除")
    assert item.status == Status.RESTRICTED
    assert item.keep_until == closed_day.replace(year=closed_day.year + 3)
    assert item.rule_ids == ["R-PIPL-DELETE", "R-PLAT-RETAIN-3Y", "R-CAL-MONTH"]
    assert get_user_model().objects.get(pk=cast.consumer.pk).phone == cast.consumer.phone  # kept, restricted

    first = retention_sweep(now=datetime.combine(item.keep_until, datetime.min.time(), tzinfo=SHANGHAI)
                            + timedelta(hours=12))
    assert DataSubjectRequest.objects.get(pk=item.pk).status == Status.RESTRICTED  # the last day is still kept
    run = retention_sweep(now=datetime.combine(item.keep_until, datetime.min.time(), tzinfo=SHANGHAI)
                          + timedelta(days=1, hours=1))
    assert run.counts["restricted_erased"] == 1
    item.refresh_from_db()
    assert item.status == Status.DONE and item.erased_at is not None
    user = get_user_model().objects.get(pk=cast.consumer.pk)
    assert user.username.startswith("erased-") and not user.is_active and not user.has_usable_password()
    assert (user.display_name, user.phone, user.address, user.email, user.phone_index) == ("", "", "", "", "")
    case.refresh_from_db()
    bodies = list(case.messages.order_by("pk").values_list("author_party", "body"))
    assert bodies == [("consumer", ERASED_TEXT), ("merchant", "已收到，我们核实一下")]
    evidence = case.evidence.get()
    assert (evidence.file.name, evidence.original_name) == ("", ERASED_TEXT)
    assert case.description == ERASED_TEXT and case.order.recipient_phone == ""
    assert verify_case(case) == []  # the record still proves itself after the erasure
    erased = case.events.get(type="personal_data_erased")
    assert not erased.visible_to_parties and erased.data["counts"] == {"case": 1, "messages": 1, "evidence": 1,
                                                                       "appeals": 0}
    assert Erasure.objects.get(request=item).counts["cases"] == 1
    # consumer_b: no sign-in, no order, no case for three years. Whether the first sweep or the second finds them
    # dormant depends on the hour the test runs at (they joined today, the sweeps run at noon and at 1 a.m.).
    assert first.counts["dormant_erased"] + run.counts["dormant_erased"] == 1


def test_deletion_with_no_records_to_keep_erases_at_once_and_the_person_can_no_longer_sign_in(cast):
    item = dsr_submit(subject=cast.other_consumer, kind="deletion")
    item = dsr_handle(actor=cast.compliance, request_id=item.pk, approve=True)
    assert item.status == Status.DONE and item.rule_ids == ["R-PIPL-DELETE"]
    user = get_user_model().objects.get(pk=cast.other_consumer.pk)
    assert user.username.startswith("erased-") and user.display_name == "" and user.phone == ""
    assert not login(None).login(username="consumer_b", password="pass-1234-word")


def test_export_copy_is_offered_once_the_request_is_handled(cast):
    case = _case_with_personal_text(cast)
    client = login(cast.consumer)
    assert client.post("/privacy/mine/", {"kind": "export"}).status_code == 302
    assert client.get("/privacy/mine/copy.pdf").status_code == 404
    item = DataSubjectRequest.objects.get()
    staff = login(cast.compliance)
    page = staff.get("/privacy/requests/")
    assert page.status_code == 200 and f"/privacy/requests/{item.pk}/" in page.content.decode()
    assert staff.post(f"/privacy/requests/{item.pk}/", {"decision": "approve", "outcome": ""}).status_code == 302
    pdf = client.get("/privacy/mine/copy.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pdf["Cache-Control"] == "private, no-store"
    data = client.get("/privacy/mine/copy.json").json()
    assert [c["reference"] for c in data["complaints"]] == [case.reference]
    assert login(cast.other_consumer).get("/privacy/mine/copy.json").status_code == 404
    mine = client.get("/privacy/mine/").content.decode()
    assert "已完成" in mine and "copy-pdf" in mine


@pytest.mark.parametrize("who", ["consumer", "merchant", "agent", "supervisor", "platform"])
def test_the_queue_and_reports_are_for_the_compliance_role_only(cast, who):
    item = dsr_submit(subject=cast.consumer, kind="deletion")
    client = login(getattr(cast, who))
    for url in ("/privacy/requests/", f"/privacy/requests/{item.pk}/", "/privacy/access-log/", "/privacy/retention/"):
        assert client.get(url).status_code in (302, 403), url
    client.post(f"/privacy/requests/{item.pk}/", {"decision": "approve"})
    client.post("/privacy/retention/run/")
    assert DataSubjectRequest.objects.get().status == Status.OPEN and not RetentionRun.objects.exists()


def test_the_access_report_lists_who_saw_whose_data_and_why(cast):
    from weiquan.privacy.services import record_access

    record_access(viewer=cast.agent, subject=cast.consumer, field=["phone", "address"], reason="回访核实")
    record_access(viewer=cast.supervisor, subject=cast.other_consumer, field="phone", reason="投诉 WQ1")
    client = login(cast.compliance)
    page = client.get("/privacy/access-log/", {"viewer": "agent_a"})
    rows = list(page.context["page"].object_list)
    assert [(r.viewer.username, r.subject.username, r.fields, r.purpose) for r in rows] == [
        ("agent_a", "consumer_a", ["phone", "address"], "回访核实")]
    assert client.get("/privacy/access-log/", {"since": "not-a-date"}).status_code == 200
    assert PersonalDataAccess.objects.count() == 2


def test_restricted_and_erased_people_are_left_out_of_training_data(cast):
    from django.utils import timezone

    from weiquan.insight.models import Triage
    from weiquan.insight.training import confirmed_examples

    mine, theirs = new_case(cast), new_case(cast, consumer=cast.other_consumer)
    for case in (mine, theirs):
        Triage.objects.update_or_create(complaint=case, defaults={
            "suggested_category": "quality", "confidence": 0.9, "model_version": "t", "final_category": "quality",
            "confirmed_at": timezone.now(), "confirmed_by": cast.agent})
    assert sorted(row[0] for row in confirmed_examples()) == sorted([mine.pk, theirs.pk])
    item = dsr_submit(subject=cast.consumer, kind="deletion")
    assert dsr_handle(actor=cast.compliance, request_id=item.pk, approve=True).status == Status.RESTRICTED
    assert [row[0] for row in confirmed_examples()] == [theirs.pk]


def test_the_request_form_offers_what_can_be_asked_keeps_input_and_speaks_to_the_consumer(cast):
    from django.utils import timezone

    from weiquan.privacy.requests import request_due

    client = login(cast.consumer)
    assert client.post("/privacy/mine/", {"kind": "export"}).status_code == 302
    page = client.get("/privacy/mine/").content.decode()
    # The open kind is disabled, so the form starts on the first kind that can still be asked for.
    assert 'value="export" disabled' in page and 'value="correction" checked' in page
    due = request_due(timezone.now())
    if due is not None:
        assert f"今天提交的请求，平台最晚于 {due:%Y-%m-%d} 办理完毕。" in page
    else:
        assert 'id="dsr-due"' not in page
    refused = client.post("/privacy/mine/", {"kind": "correction", "details": "   "}, follow=True)
    text = refused.content.decode()
    assert "更正请求需写明哪项信息有误、应改为什么。" in text and "拒绝需说明理由" not in text
    assert 'value="correction" checked' in text
    assert client.post("/privacy/mine/", {"details": "地址写错了"}).content.decode().count("请选择请求类型。") == 1
    kept = client.post("/privacy/mine/", {"kind": "correction", "details": "x" * 2001}).content.decode()
    assert "说明最多 2000 字" in kept and "x" * 2001 in kept
    assert list(DataSubjectRequest.objects.values_list("kind", flat=True)) == ["export"]
    client.cookies["django_language"] = "en"
    english = client.post("/privacy/mine/", {"kind": "correction", "details": ""}).content.decode()
    assert "A correction request must say which information is wrong and what it should be." in english
