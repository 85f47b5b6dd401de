"""Statutory statistics for regulators: per month and 12315 class, how many complaints (and reports and enquiries
transferred in), how fast merchants answered and how fast cases were resolved, for a region (the merchant's
registered address) and a period. Exported as CSV or Excel."""

from __future__ import annotations

import csv
import io
import statistics
from collections import defaultdict
from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import Q

from weiquan.complaints.models import Complaint

from .classes import FROM_PLATFORM_CATEGORY, ItemKind, ProblemClass
from .models import Transfer

SHANGHAI = ZoneInfo("Asia/Shanghai")
COLUMNS = ("month", "kind", "problem_class", "count", "responded", "responded_on_time", "median_response_hours",
           "resolved", "median_resolution_days")


def _month(at) -> str:
    return at.astimezone(SHANGHAI).strftime("%Y-%m")


def statutory_rows(*, region: str, start: date, end: date) -> list[dict]:
    """One row per (month, kind, class) with its figures; months of `start`..`end` inclusive (by received date)."""
    region_q = Q(merchant__registered_address__contains=region) if region else Q()
    complaints = (Complaint.objects.processable().filter(region_q, received_at__date__gte=start, received_at__date__lte=end)
                  .values_list("received_at", "category", "first_response_at", "first_response_on_time",
                               "resolved_at"))
    groups: dict[tuple, dict] = defaultdict(lambda: {"count": 0, "responded": 0, "on_time": 0, "response": [],
                                                      "resolution": []})
    for received, category, responded, on_time, resolved in complaints:
        group = groups[(_month(received), ItemKind.COMPLAINT, FROM_PLATFORM_CATEGORY.get(category, "other"))]
        group["count"] += 1
        if responded:
            group["responded"] += 1
            group["on_time"] += 1 if on_time else 0
            group["response"].append((responded - received).total_seconds() / 3600)
        if resolved:
            group["resolution"].append((resolved - received).total_seconds() / 86400)
    transfer_region = Q(merchant__registered_address__contains=region) if region else Q()
    others = (Transfer.objects.filter(transfer_region, kind__in=(ItemKind.REPORT, ItemKind.ENQUIRY),
                                      received_on__gte=start, received_on__lte=end)
              .values_list("received_on", "kind", "problem_class"))
    for received_on, kind, klass in others:
        groups[(received_on.strftime("%Y-%m"), kind, klass)]["count"] += 1
    labels, kinds = dict(ProblemClass.choices), dict(ItemKind.choices)
    rows = []
    for (month, kind, klass), group in sorted(groups.items()):
        rows.append({
            "month": month, "kind": kind, "kind_label": str(kinds[kind]), "problem_class": klass,
            "class_label": str(labels.get(klass, klass)), "count": group["count"], "responded": group["responded"],
            "responded_on_time": group["on_time"],
            "median_response_hours": round(statistics.median(group["response"]), 1) if group["response"] else None,
            "resolved": len(group["resolution"]),
            "median_resolution_days": round(statistics.median(group["resolution"]), 1) if group["resolution"] else None,
        })
    return rows


def as_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode()  # a BOM, so that Excel opens the Chinese region names right


def as_xlsx(rows: list[dict], *, title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "statistics"
    sheet.append([title])
    sheet.append(["月份", "类型", "问题类别", "数量", "已答复", "按时答复", "答复时长中位数（小时）", "已解决",
                  "解决时长中位数（天）"])
    for row in rows:
        sheet.append([row["month"], row["kind_label"], row["class_label"], row["count"], row["responded"],
                      row["responded_on_time"], row["median_response_hours"], row["resolved"],
                      row["median_resolution_days"]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
