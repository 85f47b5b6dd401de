"""The statutory statistics page for regulators and platform compliance staff, with CSV and Excel export."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from weiquan.accounts.models import Role

from .services.common import body_of
from .services.referrals import agency_view_log
from .statistics import as_csv, as_xlsx, statutory_rows


def _month_start(text: str, default: date) -> date:
    try:
        year, month = (int(part) for part in text.split("-")[:2])
        return date(year, month, 1)
    except (ValueError, TypeError):
        return default


@login_required
@require_GET
def statistics(request):
    user = request.user
    body = body_of(user) if user.role == Role.AGENCY else None
    if not (getattr(user, "is_platform_staff", False) or body is not None):
        raise PermissionDenied
    today = timezone.localdate()
    start = _month_start(request.GET.get("from", ""), date(today.year, 1, 1))
    end_month = _month_start(request.GET.get("to", ""), today.replace(day=1))
    end = (end_month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    # A body's staff see their own region only; platform staff choose any (empty: the whole platform).
    region = body.region if body is not None else request.GET.get("region", "").strip()[:100]
    rows = statutory_rows(region=region, start=start, end=end)
    if body is not None:
        agency_view_log(user=user, complaint=None, what="statistics")
    name = f"statistics-{region or 'all'}-{start:%Y%m}-{end:%Y%m}"
    fmt = request.GET.get("format", "")
    if fmt == "csv":
        response = HttpResponse(as_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'.encode("ascii", "ignore").decode()
        return response
    if fmt == "xlsx":
        response = HttpResponse(as_xlsx(rows, title=f"{region or '全部地区'} {start:%Y-%m}–{end:%Y-%m}"),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'.encode("ascii", "ignore").decode()
        return response
    return render(request, "agencies/statistics.html", {
        "rows": rows, "region": region, "region_fixed": body is not None, "start": start, "end": end,
        "query": request.GET.urlencode(), "as_of": timezone.now(),  # counted from the cases as the page is asked
    })
