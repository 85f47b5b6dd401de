"""Admin for the shared kernel, and the read-only base every app uses for records that must not be edited."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weiquan.core.calendar_notice import CalendarNoticeError, notice_check
from weiquan.core.models import CalendarChange, CalendarDay, CalendarYear, IdempotencyRecord, OutboxTask
from weiquan.core.outbox import outbox_replay
from weiquan.core.services import calendar_correct_day, calendar_load_year, calendar_warning, may_load_calendar


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only by the services (append-only logs, case records): viewable, never added, changed or deleted
    here, because a change made behind the services would skip their checks and their event."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CalendarLoadForm(forms.Form):
    """A year's schedule as the State Council notice gives it (checked by `calendar_notice.notice_check`)."""

    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    source = forms.CharField(label=_("来源"), max_length=200,
                             help_text=_("发布安排的通知：发文机关和文号，或网址。"))
    title = forms.CharField(label=_("通知标题"), max_length=200, required=False)
    rest_days = forms.CharField(label=_("工作日休息"), widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=_("放假安排中落在周一至周五的日期，每行或用逗号分隔一个，格式 YYYY-MM-DD。"))
    work_days = forms.CharField(label=_("调休上班日"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                help_text=_("需要上班的周六、周日，格式 YYYY-MM-DD。"))
    reload = forms.BooleanField(label=_("重新载入"), required=False,
                                help_text=_("该年份已经载入时，按本通知替换其官方日期；人工更正过的日期保留。"))

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["notice"] = notice_check(year=data["year"], source=data["source"], title=data.get("title", ""),
                                          rest_days=data["rest_days"], work_days=data.get("work_days", ""))
        except CalendarNoticeError as exc:
            raise forms.ValidationError(str(exc)) from None
        return data


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):
    """Years are loaded from the State Council notice through `calendar_load_year` (this page's "load a year", or
    `weiquan calendar-year`), never declared by editing a row: a row without its days would let clocks guess."""

    list_display = ["year", "source", "title", "loaded_by_name", "loaded_at"]
    change_list_template = "admin/core/calendaryear/change_list.html"

    def get_urls(self):
        load = path("load/", self.admin_site.admin_view(self.load_view), name="core_calendaryear_load")
        return [load, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra = {"calendar_warning": calendar_warning(today=timezone.localdate()),
                 "may_load_calendar": may_load_calendar(request.user), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    def load_view(self, request):
        if not may_load_calendar(request.user):
            raise PermissionDenied
        form = CalendarLoadForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                change = calendar_load_year(actor=request.user, notice=form.cleaned_data["notice"],
                                            reload=form.cleaned_data["reload"])
            except CalendarNoticeError as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(request, _("已载入 %(year)s 年的官方日历；%(count)s 个此前无法计算的期限已确定。") % {
                    "year": change.year, "count": sum(change.rearmed.values())}, messages.SUCCESS)
                return redirect("admin:core_calendaryear_changelist")
        context = {**self.admin_site.each_context(request), "form": form, "opts": self.model._meta,
                   "title": _("载入官方日历年份"), "calendar_warning": calendar_warning(today=timezone.localdate())}
        return TemplateResponse(request, "admin/core/calendaryear/load.html", context)


@admin.register(CalendarChange)
class CalendarChangeAdmin(ReadOnlyAdmin):
    list_display = ["year", "what", "actor_name", "source", "at"]
    list_filter = ["what", "year"]


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "note"]

    def clean_date(self):
        day = self.cleaned_data["date"]
        if not CalendarYear.objects.filter(year=day.year).exists():
            raise forms.ValidationError(_("%(year)s 年的官方日历尚未载入，不能更正。") % {"year": day.year})
        return day


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Staff corrections go through `calendar_correct_day`, which marks them and refreshes every clock's calendar."""

    form = CalendarDayForm
    list_display = ["date", "kind", "note", "corrected_by_staff"]
    list_filter = ["kind", "corrected_by_staff"]
    search_fields = ["note"]
    date_hierarchy = "date"

    def get_readonly_fields(self, request, obj=None):
        return ["date"] if obj else []

    def save_model(self, request, obj, form, change):
        calendar_correct_day(day=obj.date, kind=obj.kind, note=obj.note)
        obj.pk = CalendarDay.objects.get(date=obj.date).pk

    def delete_model(self, request, obj):
        calendar_correct_day(day=obj.date, kind=None)

    def delete_queryset(self, request, queryset):
        for day in queryset:
            calendar_correct_day(day=day.date, kind=None)


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(ReadOnlyAdmin):
    list_display = ["key", "scope", "user", "status_code", "created_at"]
    list_filter = ["status_code"]
    search_fields = ["key", "scope", "user__username"]
    list_select_related = ["user"]
    exclude = ["response"]  # the stored answer may hold personal data


@admin.register(OutboxTask)
class OutboxTaskAdmin(ReadOnlyAdmin):
    """The background queue as operations see it: what waits, what runs under whose lease (a lease that ran out means
    the worker died; the next worker takes the task back), what failed and why, and the dead letters to replay."""

    list_display = ["id", "task_name", "queue", "state", "attempts", "max_attempts", "available_at", "locked_by",
                    "lease_until", "lease_ran_out", "short_error", "created_at", "finished_at"]
    list_filter = ["state", "queue", "task_path"]
    search_fields = ["task_path", "key", "locked_by"]
    readonly_fields = ["queue", "task_path", "args", "key", "state", "attempts", "max_attempts", "available_at",
                       "locked_by", "lease_until", "last_error", "result", "created_at", "finished_at"]
    actions = ["replay"]

    @admin.display(description=_("任务"), ordering="task_path")
    def task_name(self, obj):
        return obj.task_path.rsplit(".", 1)[-1]

    @admin.display(description=_("租约已过期"), boolean=True)
    def lease_ran_out(self, obj):
        return obj.state == OutboxTask.State.RUNNING and bool(obj.lease_until) and obj.lease_until < timezone.now()

    @admin.display(description=_("最近错误"))
    def short_error(self, obj):
        return (obj.last_error.splitlines() or [""])[0][:120]

    @admin.action(description=_("重新执行选中的死信任务"))
    def replay(self, request, queryset):
        count = outbox_replay(actor=request.user, ids=queryset.values_list("pk", flat=True))
        self.message_user(request, _("已重新排队 %(count)s 个任务。") % {"count": count}, messages.SUCCESS)
