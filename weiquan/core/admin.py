"""Admin for the shared kernel, and the read-only base every app uses for records that must not be edited."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weiquan.core.models import CalendarDay, CalendarYear, IdempotencyRecord, OutboxTask
from weiquan.core.outbox import outbox_replay
from weiquan.core.services import calendar_correct_day


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only by the services (append-only logs, case records): viewable, never added, changed or deleted
    here, because a change made behind the services would skip their checks and their event."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):
    """Years are loaded from the official schedule by migration; declaring one here would let clocks guess."""

    list_display = ["year", "source", "loaded_at"]


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
