import pytest

from weiquan.complaints.models import Complaint, ComplaintEvent
from weiquan.complaints.services import ComplaintError
from weiquan.insight.models import Triage
from weiquan.insight.services import triage_complaint, triage_confirm
from weiquan.insight.tasks import on_complaint_event
from weiquan.testing.cases import new_case

pytestmark = pytest.mark.django_db


def test_new_counterfeit_complaint_is_triaged_without_raising_priority(cast, committed):
    with committed():
        case = new_case(cast, category="quality", title="买的是假货", description="收到的耳机是假货，和官网的不一样。")
    row = Triage.objects.get(complaint=case)
    assert row.suggested_category == "counterfeit"
    assert row.urgent is False
    assert row.evidence_terms and "假货" in "".join(row.evidence_terms)
    assert row.model_version
    assert Complaint.objects.get(pk=case.pk).priority == "normal"
    assert not ComplaintEvent.objects.filter(complaint=case, type="priority_changed").exists()


def test_safety_signal_makes_the_case_urgent_with_the_reason_on_record(cast, committed):
    with committed():
        case = new_case(cast, title="充电器起火", description="充电器充电时起火了，孩子的手被烫伤。")
    row = Triage.objects.get(complaint=case)
    assert row.urgent is True and row.priority_raised is True
    assert set(row.urgent_terms) == {"起火", "烫伤"}
    assert Complaint.objects.get(pk=case.pk).priority == "urgent"
    event = ComplaintEvent.objects.get(complaint=case, type="priority_changed")
    assert event.actor_id is None and event.new == {"priority": "urgent"} and "起火" in event.data["reason"]


def test_replaying_the_submitted_event_changes_nothing(cast, committed):
    with committed():
        case = new_case(cast, title="Heater caught fire", description="The heater caught fire in the bedroom.")
    submitted = ComplaintEvent.objects.get(complaint=case, type="submitted")
    before = (Triage.objects.count(), ComplaintEvent.objects.filter(complaint=case).count())
    with committed():
        on_complaint_event.call(submitted.pk)
        on_complaint_event.call(submitted.pk)
    assert (Triage.objects.count(), ComplaintEvent.objects.filter(complaint=case).count()) == before


@pytest.mark.parametrize("who", ["agent", "supervisor"])
def test_staff_confirm_or_correct_in_one_step_and_it_is_recorded(cast, committed, who):
    with committed():
        case = new_case(cast, category="quality", title="商家拒绝七天无理由退货", description="商家拒绝七天无理由退货。")
    assert Triage.objects.get(complaint=case).suggested_category == "after_sales"
    staff = getattr(cast, who)
    with committed():
        row = triage_confirm(actor=staff, complaint_id=case.pk, category="after_sales")
    assert (row.final_category, row.confirmed_by_id, row.corrected) == ("after_sales", staff.pk, False)
    assert Complaint.objects.get(pk=case.pk).category == "after_sales"
    assert ComplaintEvent.objects.filter(complaint=case, type="category_changed").count() == 1
    with committed():
        row = triage_confirm(actor=staff, complaint_id=case.pk, category="contract")
    assert (row.final_category, row.corrected) == ("contract", True)


@pytest.mark.parametrize("who", ["consumer", "merchant", "other_merchant", "compliance"])
def test_parties_and_non_handlers_cannot_confirm_and_nothing_changes(cast, committed, who):
    with committed():
        case = new_case(cast, category="quality", title="买的是假货", description="买的是假货")
    before = (Complaint.objects.filter(pk=case.pk).values("category", "event_count").get(),
              Triage.objects.filter(complaint=case).values().get())
    with pytest.raises(ComplaintError) as err:
        triage_confirm(actor=getattr(cast, who), complaint_id=case.pk, category="counterfeit")
    assert err.value.status == 403
    after = (Complaint.objects.filter(pk=case.pk).values("category", "event_count").get(),
             Triage.objects.filter(complaint=case).values().get())
    assert after == before


def test_triage_runs_once(cast):
    case = new_case(cast, title="宣传的功效根本没有", description="宣传的功效根本没有")
    first = triage_complaint(complaint_id=case.pk)
    again = triage_complaint(complaint_id=case.pk)
    assert first.pk == again.pk and first.suggested_category == "false_advertising"


def test_one_click_confirm_view_and_panel(cast, committed, client):
    with committed():
        case = new_case(cast, title="买的是假货", description="买的是假货")
    url = f"/insight/triage/{case.pk}/confirm/"
    client.force_login(cast.consumer)
    assert client.post(url, {"category": "counterfeit"}).status_code == 403  # the consumer sees the case, no more
    client.force_login(cast.other_merchant)
    assert client.post(url, {"category": "counterfeit"}).status_code == 404  # not even that
    assert Complaint.objects.get(pk=case.pk).category == "quality"
    assert Triage.objects.get(complaint=case).confirmed_at is None
    client.force_login(cast.agent)
    with committed():
        response = client.post(url, {"category": "counterfeit"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="triage-panel-' in body and "agent_a" in body
    assert Triage.objects.get(complaint=case).final_category == "counterfeit"
    assert Complaint.objects.get(pk=case.pk).category == "counterfeit"


def test_the_console_case_page_shows_the_triage_and_a_correction_feeds_training(cast, committed, client):
    from django.urls import reverse

    from weiquan.complaints.models import ComplaintEvent
    from weiquan.insight.training import confirmed_examples

    with committed():
        case = new_case(cast, title="退货被拒", description="签收第三天申请七天无理由退货，商家说拆封了不给退货")
    page_url = reverse("complaints:console_case", kwargs={"complaint_id": case.pk})
    client.force_login(cast.agent)
    body = client.get(page_url).content.decode()
    assert f'id="triage-panel-{case.pk}"' in body and "售后服务" in body  # the suggestion, in words
    assert "return_refused" not in body  # issue tags in words, not codes
    with committed():
        client.post(f"/insight/triage/{case.pk}/confirm/", {"category": "contract", "next": page_url})
    event = ComplaintEvent.objects.filter(complaint=case, type="category_changed").get()
    assert event.new.get("category") == "contract"
    assert (case.pk, f"{case.title}\n{case.description}", "contract") in confirmed_examples()
    after = client.get(page_url).content.decode()
    assert "agent_a" in after and "合同" in after
