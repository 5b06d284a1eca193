from django.contrib import admin

from .models import Attendance, Cohort, CohortSession, Enrollment


class SessionInline(admin.TabularInline):
    model = CohortSession
    extra = 0


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "course", "commune", "max_size", "created_at"]
    list_filter = ["commune__province"]
    search_fields = ["name"]
    filter_horizontal = ["trainers"]
    inlines = [SessionInline]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["user", "course", "cohort", "created_at"]
    raw_id_fields = ["user"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["session", "user", "present", "recorded_at"]
