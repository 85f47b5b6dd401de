"""`weiquan calendar-year`: which years the business calendar holds, and loading a year from its State Council notice.

    weiquan calendar-year                          the loaded years, and whether next year is still missing
    weiquan calendar-year 2027 --file notice.json  load 2027 from a notice file (format: docs/calendar.md)
    weiquan calendar-year 2027 --rest 2027-01-01,... --work 2027-02-06,... --source "国办发明电〔2026〕X号"
    ... --check                                    check only, change nothing
    ... --reload                                   replace a loaded year's official days (staff corrections stay)
    weiquan calendar-year --fill                   give a date to deadlines still refused for a year now loaded
                                                   (loading does it; this finishes a load that was interrupted)

Exit status: 0 loaded (or checked, or listed); 1 refused (bad notice, year already loaded, unknown --by user);
2 wrong usage (argparse).
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from weiquan.core.calendar_notice import CalendarNoticeError, notice_check, notice_from_json
from weiquan.core.models import CalendarYear
from weiquan.core.services import (
    business_calendar,
    calendar_fill_refused_deadlines,
    calendar_load_year,
    calendar_years_missing,
    may_load_calendar,
)


class Command(BaseCommand):
    help = ("Lists the loaded calendar years, or loads a year's official holiday schedule (weekdays off, weekend "
            "make-up working days) from the State Council notice. Deadlines refused for want of it get their date.")

    def add_arguments(self, parser):
        parser.add_argument("year", nargs="?", type=int)
        given = parser.add_mutually_exclusive_group()
        given.add_argument("--file", type=Path, help="a notice file (JSON: year, source, title, rest_days, work_days)")
        given.add_argument("--rest", help="the weekdays off, comma-separated YYYY-MM-DD (with --work and --source)")
        parser.add_argument("--work", default="", help="the weekend make-up working days, comma-separated")
        parser.add_argument("--source", default="", help="the notice: issuing body and number, or its address")
        parser.add_argument("--title", default="")
        parser.add_argument("--reload", action="store_true", help="replace a loaded year (staff corrections stay)")
        parser.add_argument("--check", action="store_true", help="check the notice only; change nothing")
        parser.add_argument("--by", default="", help="the staff account to record as having loaded it")
        parser.add_argument("--fill", action="store_true",
                            help="only give a date to deadlines refused for a year that is loaded by now")

    def handle(self, *args, year, file, rest, work, source, title, reload, check, by, fill, **options):
        if fill:
            if year is not None or file or rest or work or reload or check:
                raise CommandError("--fill takes no year and no notice")
            self._report(calendar_fill_refused_deadlines(actor=self._actor(by)))
            return
        if year is None:
            if file or rest or work or reload or check:
                raise CommandError("give the year to load, e.g. `weiquan calendar-year 2027 --file notice.json`")
            self._list()
            return
        if file is None and rest is None:
            raise CommandError("give the notice: --file notice.json, or --rest ... --work ... --source ...")
        try:
            if file is not None:
                notice = notice_from_json(file.read_bytes())
                if notice.year != year:
                    raise CommandError(f"{file} is the notice for {notice.year}, not {year}")
            else:
                notice = notice_check(year=year, source=source, title=title, rest_days=rest, work_days=work)
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        except CalendarNoticeError as exc:
            raise CommandError(str(exc)) from None
        actor = self._actor(by)
        summary = f"{notice.year}: {len(notice.rest_days)} weekday(s) off, {len(notice.work_days)} make-up working " \
                  f"day(s); source: {notice.source}"
        if check:
            self.stdout.write(f"notice checked, nothing loaded. {summary}")
            return
        try:
            change = calendar_load_year(actor=actor, notice=notice, reload=reload)
        except CalendarNoticeError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{change.what} {summary}; by {change.actor_name}")
        self._report(change.rearmed)

    def _report(self, filled: dict[str, int]) -> None:
        for hook, count in filled.items():
            self.stdout.write(f"deadlines given a date ({hook}): {count}")

    def _actor(self, username: str):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None or not may_load_calendar(user):
            raise CommandError(f"--by {username}: no active staff account of that name")
        return user

    def _list(self) -> None:
        for row in CalendarYear.objects.order_by("year"):
            by = f", by {row.loaded_by_name}" if row.loaded_by_name else ""
            self.stdout.write(f"{row.year}  {row.source}{by}")
        today = timezone.localdate()
        loaded = business_calendar().loaded_years
        for missing in calendar_years_missing(today=today, loaded=loaded):
            self.stdout.write(f"warning: {missing} is not loaded; deadlines that reach into it are refused")
