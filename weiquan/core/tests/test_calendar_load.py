"""Loading a calendar year from the State Council notice: every bad notice refused with nothing changed, a loaded year
reloaded only when asked (staff corrections kept), who loaded it recorded, the command's output and exit status, and
the warning from 1 November when next year is missing.

The 2027 schedule here is made up for the tests (the real notice was not out when they were written): New Year Fri
Jan 1 off with Sat Jan 2 a make-up working day; Spring Festival Mon Feb 8 - Fri Feb 12 off with Sun Feb 7 and Sat
Feb 20 make-up working days.
"""

import io
import json
from datetime import UTC, date, datetime
from unittest.mock import patch

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connections

from weiquan.core.calendar import CalendarYearNotLoaded
from weiquan.core.calendar_notice import CalendarNoticeError, notice_check, notice_from_json
from weiquan.core.models import CalendarChange, CalendarDay, CalendarYear
from weiquan.core.services import (
    CalendarYearLoaded,
    business_calendar,
    calendar_correct_day,
    calendar_load_year,
    calendar_warning,
    calendar_years_missing,
    may_load_calendar,
)

pytestmark = pytest.mark.django_db

REST_2027 = ["2027-01-01", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"]
WORK_2027 = ["2027-01-02", "2027-02-07", "2027-02-20"]
NOTICE_2027 = {"year": 2027, "source": "国办发明电〔2026〕99号（测试）", "title": "2027年部分节假日安排",
               "rest_days": REST_2027, "work_days": WORK_2027}


def notice(**changes):
    return notice_check(**{**NOTICE_2027, **changes})


def snapshot() -> tuple:
    return (list(CalendarYear.objects.values_list("year", "source", "title", "loaded_by_name").order_by("year")),
            list(CalendarDay.objects.values_list("date", "kind", "corrected_by_staff").order_by("date")),
            CalendarChange.objects.count())


@pytest.fixture
def operator():
    return get_user_model().objects.create_superuser(username="ops_admin", password="pass-1234-word",
                                                     email="ops@example.com")


@pytest.fixture
def calendar_keeper():
    """Staff granted the right to add calendar years, not a superuser."""
    user = get_user_model().objects.create_user(username="keeper", password="pass-1234-word", is_staff=True,
                                                email="keeper@example.com")
    user.user_permissions.add(Permission.objects.get(codename="add_calendaryear"))
    return get_user_model().objects.get(pk=user.pk)  # permissions are cached per instance


# -- the notice ---------------------------------------------------------------------------------------------------

BAD_NOTICES = [
    ({"year": 1999}, "年份必须是 2000 到 2100 之间的整数。"),
    ({"year": "2027"}, "年份必须是 2000 到 2100 之间的整数。"),
    ({"source": "  "}, "请写明来源：发布安排的通知（发文机关和文号，或网址）。"),
    ({"source": "x" * 201}, "来源和标题各不超过 200 个字符。"),
    ({"rest_days": []}, "没有任何工作日休息日：每年的通知至少安排元旦、春节和国庆的休假。"),
    ({"rest_days": ["2027-02-30"]}, "rest_days 中的“2027-02-30”不是日期（格式 YYYY-MM-DD）。"),
    ({"rest_days": "2027-01-01"}, None),  # a comma-separated text is accepted (the admin form's textarea)
    ({"rest_days": 20270101}, "rest_days 必须是日期列表（YYYY-MM-DD）。"),
    ({"rest_days": [*REST_2027, "2026-12-31"]}, "rest_days 中的 2026-12-31 不在 2027 年。"),
    ({"work_days": ["2028-01-01"]}, "work_days 中的 2028-01-01 不在 2027 年。"),
    ({"rest_days": [*REST_2027, "2027-01-01"]}, "rest_days 中的 2027-01-01 重复出现。"),
    ({"rest_days": [*REST_2027, "2027-01-02"]}, "2027-01-02 既是休息日又是上班日。"),
    ({"rest_days": [*REST_2027, "2027-02-13"]},
     "rest_days 中的 2027-02-13 是星期六：周末本来就休息，只列出工作日（周一至周五）的休息日。"),
    ({"work_days": [*WORK_2027, "2027-02-15"]},
     "work_days 中的 2027-02-15 是星期一：工作日本来就上班，只列出周六、周日的调休上班日。"),
]


@pytest.mark.parametrize("changes,message", BAD_NOTICES)
def test_a_bad_notice_is_refused_with_what_to_fix(changes, message):
    if message is None:
        assert notice(**changes).rest_days == (date(2027, 1, 1),)
        return
    with pytest.raises(CalendarNoticeError) as refused:
        notice(**changes)
    assert str(refused.value) == message


@pytest.mark.parametrize("text,message", [
    ("{", "文件不是有效的 JSON：Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
    ("[]", "文件必须是一个 JSON 对象。"),
    (json.dumps({**NOTICE_2027, "workdays": []}), "文件中有未知的字段：workdays（可用：rest_days, source, title, "
                                                  "work_days, year）。"),
    (json.dumps({"year": 2027, "source": "x"}), "文件缺少字段：rest_days, work_days。"),
])
def test_a_bad_notice_file_is_refused(text, message):
    with pytest.raises(CalendarNoticeError) as refused:
        notice_from_json(text)
    assert str(refused.value) == message


def test_a_notice_in_english(settings):
    from django.utils import translation

    with translation.override("en"), pytest.raises(CalendarNoticeError) as refused:
        notice(rest_days=[*REST_2027, "2027-02-13"])
    assert str(refused.value) == ("rest_days: 2027-02-13 is a Saturday. Weekends are days off anyway: list only the "
                                  "days off that fall on weekdays (Monday to Friday).")


# -- loading ------------------------------------------------------------------------------------------------------

def test_loading_a_year_makes_its_working_days_count(calendar_keeper):
    with pytest.raises(CalendarYearNotLoaded):
        business_calendar().add_working_days(date(2026, 12, 30), 2)
    change = calendar_load_year(actor=calendar_keeper, notice=notice())
    calendar = business_calendar()
    assert calendar.add_working_days(date(2026, 12, 30), 2) == date(2027, 1, 2)  # Thu 31, then Sat 2 (make-up)
    assert calendar.add_working_days(date(2027, 2, 5), 2) == date(2027, 2, 15)  # Sun 7 (make-up), then Mon 15
    assert calendar.is_working_day(date(2027, 2, 20)) and not calendar.is_working_day(date(2027, 2, 21))
    year = CalendarYear.objects.get(year=2027)
    assert (year.source, year.title, year.loaded_by, year.loaded_by_name) == (
        "国办发明电〔2026〕99号（测试）", "2027年部分节假日安排", calendar_keeper, "keeper")
    assert (change.what, change.actor, change.actor_name, change.rest_days, change.work_days) == (
        "loaded", calendar_keeper, "keeper", REST_2027, WORK_2027)
    assert change.rearmed == {"complaints_fill_refused_deadlines": 0, "dsr_fill_refused_deadlines": 0,
                              "status_changes_fill_publish_due": 0}
    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", "kind", "note")) == [
        (date.fromisoformat(d), kind, "official")
        for d, kind in sorted([(d, "rest") for d in REST_2027] + [(d, "work") for d in WORK_2027])]


def test_a_loaded_year_is_not_loaded_again_silently(operator):
    calendar_load_year(actor=operator, notice=notice())
    before = snapshot()
    with pytest.raises(CalendarYearLoaded) as refused:
        calendar_load_year(actor=operator, notice=notice(rest_days=REST_2027[:1]))
    assert str(refused.value).startswith("2027 年的日历已经载入（来源：国办发明电〔2026〕99号（测试））。")
    assert snapshot() == before
    with pytest.raises(CalendarYearLoaded):  # nor a year the migration loaded from the package
        calendar_load_year(actor=operator, notice=notice(year=2026, rest_days=["2026-01-01"], work_days=[]))


def test_reloading_replaces_the_official_days_and_keeps_staff_corrections(operator):
    calendar_load_year(actor=operator, notice=notice())
    calendar_correct_day(day=date(2027, 2, 12), kind="work", note="本单位正常上班")
    change = calendar_load_year(actor=operator, reload=True,
                                notice=notice(source="国办发明电〔2026〕100号", rest_days=REST_2027[:4],
                                              work_days=["2027-02-07"]))
    assert change.what == "reloaded"
    assert CalendarYear.objects.get(year=2027).source == "国办发明电〔2026〕100号"
    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", "kind", "corrected_by_staff")) == [
        (date(2027, 1, 1), "rest", False), (date(2027, 2, 7), "work", False), (date(2027, 2, 8), "rest", False),
        (date(2027, 2, 9), "rest", False), (date(2027, 2, 10), "rest", False), (date(2027, 2, 12), "work", True)]
    assert list(CalendarChange.objects.order_by("id").values_list("what", flat=True)) == ["loaded", "reloaded"]


@pytest.mark.parametrize("who", ["consumer", "agent_not_staff", "staff_without_permission", "inactive_superuser"])
def test_only_staff_with_the_right_load_a_year(who, cast):
    users = get_user_model().objects
    actor = {
        "consumer": lambda: cast.consumer,
        "agent_not_staff": lambda: cast.supervisor,
        "staff_without_permission": lambda: users.create_user(username="plain_staff", is_staff=True),
        "inactive_superuser": lambda: users.create_superuser(username="gone", email="g@example.com", password="x",
                                                             is_active=False),
    }[who]()
    before = snapshot()
    assert may_load_calendar(actor) is False
    with pytest.raises(PermissionError):
        calendar_load_year(actor=actor, notice=notice())
    assert snapshot() == before
    with pytest.raises(CalendarYearNotLoaded):
        business_calendar().add_working_days(date(2026, 12, 30), 2)


# -- the warning --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("today,missing", [
    (date(2026, 10, 31), []),  # next year not asked for yet
    (date(2026, 11, 1), [2027]),  # from 1 November
    (date(2026, 12, 31), [2027]),
    (date(2027, 1, 1), [2027]),  # this year missing: always
    (date(2025, 11, 1), []),  # 2026 is loaded
])
def test_which_years_staff_are_warned_about(today, missing):
    assert calendar_years_missing(today=today) == missing


def test_the_warning_counts_what_waits_for_a_year(operator):
    assert calendar_warning(today=date(2026, 10, 31)) is None
    assert calendar_warning(today=date(2026, 11, 1)) == {
        "missing_years": [2027], "refused": {"refused_clock_count": 0, "dsr_refused_deadline_count": 0},
        "refused_total": 0, "refused_clocks": 0}
    calendar_load_year(actor=operator, notice=notice())
    assert calendar_warning(today=date(2026, 11, 1)) is None


# -- the command --------------------------------------------------------------------------------------------------

def run(*args) -> tuple[int, str, str]:
    """`weiquan calendar-year ...` as the shell runs it: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    status = 0
    # run_from_argv closes the database connections when it ends, as a process would; the test's must stay open.
    with patch("sys.stdout", out), patch("sys.stderr", err), patch.object(connections, "close_all"):
        try:
            execute_from_command_line(["weiquan", "calendar-year", *args])
        except SystemExit as exit:
            status = exit.code if isinstance(exit.code, int) else 1
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def notice_file(tmp_path):
    path = tmp_path / "notice-2027.json"
    path.write_text(json.dumps(NOTICE_2027, ensure_ascii=False), encoding="utf-8")
    return path


def test_command_loads_a_year_from_a_file(notice_file):
    with patch("weiquan.core.services._os_user", return_value="command:ops"):
        status, out, err = run("2027", "--file", str(notice_file))
    assert (status, err) == (0, "calendar year 2027 loaded by command:ops (0 corrected days kept)\n")  # the log
    assert out.splitlines() == [
        "loaded 2027: 6 weekday(s) off, 3 make-up working day(s); source: 国办发明电〔2026〕99号（测试）; by command:ops",
        "deadlines given a date (complaints_fill_refused_deadlines): 0",
        "deadlines given a date (dsr_fill_refused_deadlines): 0",
        "deadlines given a date (status_changes_fill_publish_due): 0",
    ]
    assert CalendarYear.objects.get(year=2027).loaded_by_name == "command:ops"
    status, out, err = run("2027", "--file", str(notice_file))
    assert (status, out) == (1, "")
    assert err.startswith("CommandError: 2027 年的日历已经载入")
    status, out, err = run("2027", "--file", str(notice_file), "--reload")
    assert status == 0 and out.startswith("reloaded 2027:")


def test_command_loads_a_year_from_date_lists_recording_the_staff_member(operator):
    status, out, _err = run("2027", "--rest", ",".join(REST_2027), "--work", ",".join(WORK_2027),
                            "--source", "国办发明电〔2026〕99号", "--by", "ops_admin")
    assert status == 0 and out.splitlines()[0].endswith("by ops_admin")
    assert CalendarYear.objects.get(year=2027).loaded_by == operator


@pytest.mark.parametrize("args,message", [
    (["2027", "--rest", "2027-01-02", "--source", "x"],
     "CommandError: rest_days 中的 2027-01-02 是星期六：周末本来就休息，只列出工作日（周一至周五）的休息日。"),
    (["2027", "--rest", "2027-01-01"], "CommandError: 请写明来源：发布安排的通知（发文机关和文号，或网址）。"),
    (["2028", "--file", "NOTICE"], "CommandError: NOTICE is the notice for 2027, not 2028"),
    (["2027", "--file", "/nonexistent/notice.json"],
     "CommandError: cannot read /nonexistent/notice.json: No such file or directory"),
    (["2027"], "CommandError: give the notice: --file notice.json, or --rest ... --work ... --source ..."),
    (["--check"], "CommandError: give the year to load, e.g. `weiquan calendar-year 2027 --file notice.json`"),
    (["2027", "--file", "NOTICE", "--by", "nobody"], "CommandError: --by nobody: no active staff account of that name"),
    (["2027", "--file", "NOTICE", "--by", "consumer_a"],
     "CommandError: --by consumer_a: no active staff account of that name"),
])
def test_command_refuses_and_changes_nothing(args, message, notice_file, cast):
    args = [str(notice_file) if a == "NOTICE" else a for a in args]
    message = message.replace("NOTICE", str(notice_file))
    before = snapshot()
    status, out, err = run(*args)
    assert (status, out, err.strip()) == (1, "", message)
    assert snapshot() == before


def test_command_usage_errors_exit_2(notice_file):
    status, _out, err = run("2027", "--file", str(notice_file), "--rest", "2027-01-01")
    assert status == 2 and "not allowed with argument" in err


def test_command_checks_without_loading(notice_file):
    before = snapshot()
    status, out, _err = run("2027", "--file", str(notice_file), "--check")
    assert (status, out.strip()) == (0, "notice checked, nothing loaded. 2027: 6 weekday(s) off, 3 make-up working "
                                        "day(s); source: 国办发明电〔2026〕99号（测试）")
    assert snapshot() == before


def on(day: date):
    """The clock at noon Shanghai time on `day` (core's tests stand alone: weiquan.testing's clock is not theirs)."""
    return patch("django.utils.timezone.now", return_value=datetime(day.year, day.month, day.day, 4, tzinfo=UTC))


def test_command_lists_the_years_and_warns_of_a_missing_one():
    with on(date(2026, 10, 31)):
        status, out, _err = run()
    assert (status, out.splitlines()) == (0, ["2025  State Council notice via holidays",
                                              "2026  State Council notice via holidays"])
    with on(date(2026, 11, 1)):
        status, out, _err = run()
    assert out.splitlines()[-1] == "warning: 2027 is not loaded; deadlines that reach into it are refused"


def test_command_fill_runs_the_hooks_alone():
    out = io.StringIO()
    call_command("calendar-year", "--fill", stdout=out)
    assert out.getvalue().splitlines()[0] == "deadlines given a date (complaints_fill_refused_deadlines): 0"
    with pytest.raises(CommandError, match="--fill takes no year and no notice"):
        call_command("calendar-year", "2027", "--fill")
