from django.contrib import admin

from .models import LessonProgress


@admin.register(LessonProgress)
class LessonProgressAdmin(admin.ModelAdmin):
    list_display = ["user", "lesson", "event", "created_at"]
    raw_id_fields = ["user", "lesson"]
    readonly_fields = ["client_id", "user", "lesson", "lesson_key", "event", "created_at"]
