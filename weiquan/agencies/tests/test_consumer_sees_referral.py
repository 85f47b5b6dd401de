"""The consumer hears that their case went to an outside body, which one, and how that body concluded it: the actor
is named by its role ("External body"), never by a code, and both steps notify them."""

import pytest
from django.test import Client

from weiquan.agencies.services.referrals import referral_create
from weiquan.complaints.models import Status
from weiquan.notifications.models import Notification
from weiquan.testing.cases import drive_to

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tasks_run_in_process(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                                  "QUEUES": ["default"]}}


@pytest.fixture
def concluded(cast, bodies, django_capture_on_commit_callbacks):
    complaint = drive_to(Status.IN_MEDIATION, cast)
    with django_capture_on_commit_callbacks(execute=True):
        referral_create(actor=cast.supervisor, complaint=complaint, body=bodies.other, note="调解不成，申请移送")
    staff = Client()
    staff.force_login(bodies.bj_staff)
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/agencies/cases/{complaint.pk}/post/", {"action": "conclude", "outcome": "mediated",
                                                             "text": "经调解，商家同意全额退款。"})
    return complaint


@pytest.mark.parametrize(("language", "party", "referred", "outcome"), [
    ("zh-hans", "外部机构", "北京市消费者协会</div>", "北京市消费者协会：调解成功<br>经调解，商家同意全额退款。"),
    ("en", "External body", "北京市消费者协会</div>", "北京市消费者协会: Settled by mediation<br>经调解，商家同意全额退款。"),
])
def test_the_consumers_timeline_names_the_body_and_its_outcome(cast, concluded, language, party, referred, outcome):
    client = Client()
    client.force_login(cast.consumer)
    client.cookies["django_language"] = language
    page = client.get(f"/complaints/my/complaints/{concluded.pk}/").content.decode()
    assert f'<span class="party party-agency">{party}</span>' in page
    assert referred in page and outcome in page
    assert ">agency<" not in page


def test_the_consumer_is_notified_of_the_referral_and_of_the_outcome(cast, concluded):
    kinds = list(Notification.objects.filter(recipient=cast.consumer, complaint=concluded)
                 .values_list("kind", flat=True).order_by("id"))
    assert kinds[-2:] == ["referred", "referral_outcome"]
