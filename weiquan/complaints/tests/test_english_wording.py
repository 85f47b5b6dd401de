"""English words for one merchant, for things done and for counts; labels and values separated the English way."""

import pytest
from django.utils import translation
from django.utils.translation import ngettext

from weiquan.complaints.labels import ACTION_DONE_LABELS, ACTION_LABELS
from weiquan.complaints.models import Decision
from weiquan.complaints.templatetags.complaint_tags import label

pytestmark = pytest.mark.django_db


def test_nouns_for_things_and_verbs_for_buttons():
    from weiquan.fairtrade.models import Review
    from weiquan.merchants.models import Merchant

    with translation.override("en"):
        assert (str(ACTION_LABELS["decide"]), str(ACTION_DONE_LABELS["decide"])) == ("Decide", "Decision made")
        assert (str(ACTION_LABELS["rate"]), str(ACTION_DONE_LABELS["rate"])) == ("Rate", "Rating given")
        assert translation.gettext("已%(action)s。") % {"action": ACTION_DONE_LABELS["decide"]} == "Decision made."
        assert str(Decision._meta.verbose_name) == "Decision" and str(Review._meta.verbose_name) == "Review"
        assert (str(Merchant._meta.verbose_name), str(Merchant._meta.verbose_name_plural)) == ("Merchant", "Merchants")
        assert label("refusal", "response_kind") == "Refusal"
        assert label("merchant", "party") == "Merchant"
        assert translation.gettext("商家") == "Merchant"
        assert [ngettext("%(n)s 星", "%(n)s 星", n) % {"n": n} for n in (1, 2)] == ["1 star", "2 stars"]
        assert translation.gettext("（已有处理中的请求）") == "(a request is already in progress)"
        assert translation.pgettext("标签与内容之间", "：") == ": "
    with translation.override("zh-hans"):
        assert str(ACTION_DONE_LABELS["decide"]) == "裁决" and label("refusal", "response_kind") == "拒绝"
        assert ngettext("%(n)s 星", "%(n)s 星", 1) % {"n": 1} == "1 星"


@pytest.mark.parametrize(("language", "deadline"), [("zh-hans", "处理时限："), ("en", "Deadline: ")])
def test_the_case_status_separates_label_and_value_in_the_readers_way(cast, complaint, client, language, deadline):
    client.force_login(cast.agent)
    client.cookies["django_language"] = language
    page = client.get(f"/complaints/console/cases/{complaint.pk}/").content.decode()
    assert deadline in page and "Deadline：" not in page
