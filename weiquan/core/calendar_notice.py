"""A year's official schedule as an operator types it in from the State Council notice, checked before it is loaded.

The notice lists holidays as ranges that include weekends; the calendar stores only what differs from the plain
Monday-Friday rule. So an operator gives exactly two lists: the weekdays that are days off (holidays and 调休 days
off) and the Saturdays and Sundays that are make-up working days (调休上班). A weekend "day off" or a weekday "working
day" is refused rather than dropped: it means the operator read the notice differently from how it is stored, and a
silent fix would hide a typo.

File format (JSON, UTF-8), see docs/calendar.md:

    {"year": 2027,
     "source": "国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）",
     "title": "2027年部分节假日安排",
     "rest_days": ["2027-01-01", ...],
     "work_days": ["2027-02-06", ...]}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

KEYS = frozenset({"year", "source", "title", "rest_days", "work_days"})
FIRST_YEAR, LAST_YEAR = 2000, 2100
SOURCE_MAX, TITLE_MAX = 200, 200
WEEKDAYS = (gettext_lazy("星期一"), gettext_lazy("星期二"), gettext_lazy("星期三"), gettext_lazy("星期四"),
            gettext_lazy("星期五"), gettext_lazy("星期六"), gettext_lazy("星期日"))


class CalendarNoticeError(ValueError):
    """The notice as given cannot be loaded; the message says what to fix. Nothing was changed."""


@dataclass(frozen=True)
class CalendarNotice:
    year: int
    source: str
    title: str
    rest_days: tuple[date, ...]
    work_days: tuple[date, ...]


def _weekday(day: date) -> str:
    return str(WEEKDAYS[day.weekday()])


def _dates(values, label: str) -> list[date]:
    if isinstance(values, str):
        values = [part for part in values.replace("\n", ",").replace(" ", ",").split(",") if part]
    if not isinstance(values, list | tuple):
        raise CalendarNoticeError(_("%(label)s 必须是日期列表（YYYY-MM-DD）。") % {"label": label})
    days = []
    for value in values:
        if isinstance(value, date):
            days.append(value)
            continue
        try:
            days.append(date.fromisoformat(str(value).strip()))
        except ValueError:
            raise CalendarNoticeError(
                _("%(label)s 中的“%(value)s”不是日期（格式 YYYY-MM-DD）。") % {"label": label, "value": value}
            ) from None
    return days


def notice_check(*, year, source, title="", rest_days, work_days) -> CalendarNotice:
    """The notice, checked: raises CalendarNoticeError with the first problem found."""
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarNoticeError(_("年份必须是 %(first)s 到 %(last)s 之间的整数。") % {
            "first": FIRST_YEAR, "last": LAST_YEAR})
    source, title = str(source or "").strip(), str(title or "").strip()
    if not source:
        raise CalendarNoticeError(_("请写明来源：发布安排的通知（发文机关和文号，或网址）。"))
    if len(source) > SOURCE_MAX or len(title) > TITLE_MAX:
        raise CalendarNoticeError(_("来源和标题各不超过 %(max)s 个字符。") % {"max": SOURCE_MAX})
    rest, work = _dates(rest_days, "rest_days"), _dates(work_days, "work_days")
    if not rest:
        raise CalendarNoticeError(_("没有任何工作日休息日：每年的通知至少安排元旦、春节和国庆的休假。"))
    for label, days in (("rest_days", rest), ("work_days", work)):
        for day in days:
            if day.year != year:
                raise CalendarNoticeError(_("%(label)s 中的 %(day)s 不在 %(year)s 年。") % {
                    "label": label, "day": day.isoformat(), "year": year})
        repeated = sorted({d for d in days if days.count(d) > 1})
        if repeated:
            raise CalendarNoticeError(_("%(label)s 中的 %(day)s 重复出现。") % {
                "label": label, "day": repeated[0].isoformat()})
    both = sorted(set(rest) & set(work))
    if both:
        raise CalendarNoticeError(_("%(day)s 既是休息日又是上班日。") % {"day": both[0].isoformat()})
    for day in sorted(rest):
        if day.weekday() >= 5:
            raise CalendarNoticeError(_(
                "rest_days 中的 %(day)s 是%(weekday)s：周末本来就休息，只列出工作日（周一至周五）的休息日。"
            ) % {"day": day.isoformat(), "weekday": _weekday(day)})
    for day in sorted(work):
        if day.weekday() < 5:
            raise CalendarNoticeError(_(
                "work_days 中的 %(day)s 是%(weekday)s：工作日本来就上班，只列出周六、周日的调休上班日。"
            ) % {"day": day.isoformat(), "weekday": _weekday(day)})
    return CalendarNotice(year=year, source=source, title=title, rest_days=tuple(sorted(rest)),
                          work_days=tuple(sorted(work)))


def notice_from_json(text: str | bytes) -> CalendarNotice:
    """A notice file (the format in the module's docstring), checked."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CalendarNoticeError(_("文件不是有效的 JSON：%(error)s") % {"error": exc}) from None
    if not isinstance(data, dict):
        raise CalendarNoticeError(_("文件必须是一个 JSON 对象。"))
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise CalendarNoticeError(_("文件中有未知的字段：%(keys)s（可用：%(known)s）。") % {
            "keys": ", ".join(unknown), "known": ", ".join(sorted(KEYS))})
    missing = sorted({"year", "source", "rest_days", "work_days"} - set(data))
    if missing:
        raise CalendarNoticeError(_("文件缺少字段：%(keys)s。") % {"keys": ", ".join(missing)})
    return notice_check(year=data["year"], source=data["source"], title=data.get("title", ""),
                        rest_days=data["rest_days"], work_days=data["work_days"])
