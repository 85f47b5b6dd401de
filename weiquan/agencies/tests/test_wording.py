"""English pages use English punctuation around a body's name, kind and region."""

import pytest
from django.test import Client

from weiquan.complaints.models import Status
from weiquan.testing.cases import drive_to

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "option"), [("zh-hans", "北京市消费者协会（消费者协会，北京市）"),
                                                  ("en", "北京市消费者协会 (Consumer association, 北京市)")])
def test_the_refer_form_names_bodies_in_the_readers_punctuation(cast, bodies, language, option):
    complaint = drive_to(Status.IN_MEDIATION, cast)
    client = Client()
    client.force_login(cast.supervisor)
    client.cookies["django_language"] = language
    page = client.get(f"/agencies/refer/{complaint.pk}/").content.decode()
    assert f">{option}</option>" in page
