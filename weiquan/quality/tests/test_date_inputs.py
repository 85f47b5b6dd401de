"""Date inputs are pre-filled in ISO format whatever the language (a date input ignores 2026/12/05)."""

from datetime import date
from unittest.mock import patch

from django.utils import translation

from weiquan.quality.forms import ResultForm


def test_inspection_date_is_prefilled_in_iso_format_in_both_languages():
    for language in ("zh-hans", "en"):
        with translation.override(language), patch("django.utils.timezone.localdate", return_value=date(2026, 12, 5)):
            html = str(ResultForm()["inspected_on"])
        assert 'value="2026-12-05"' in html and "2026/12/05" not in html
