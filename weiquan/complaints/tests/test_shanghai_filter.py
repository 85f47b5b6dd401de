"""The lists' time filter writes Beijing time the same way whichever path it takes (strftime for the lists' own
format, Django's date_format for any other), in either language, around midnight and the year's turn."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation
from django.utils.formats import date_format

from weiquan.complaints.sla import SHANGHAI
from weiquan.complaints.templatetags.complaint_tags import shanghai


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_lists_format_matches_date_format(language):
    start = datetime(2026, 12, 31, 15, 59, tzinfo=UTC)  # 23:59 in Beijing, a minute before the year turns
    with translation.override(language):
        for minutes in range(0, 3000, 7):
            moment = start + timedelta(minutes=minutes)
            assert shanghai(moment) == date_format(moment.astimezone(SHANGHAI), "Y-m-d H:i")
        assert shanghai(start) == "2026-12-31 23:59" and shanghai(start + timedelta(minutes=1)) == "2027-01-01 00:00"
        assert shanghai(start, "Y-m-d") == "2026-12-31" and shanghai(None) == ""
