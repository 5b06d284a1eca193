from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "phone", "first_name", "preferred_language", "is_staff"]
    search_fields = ["username", "phone", "first_name", "last_name", "email"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (
            _("Nhà Số"),
            {"fields": ["phone", "phone_verified", "preferred_language", "home_commune"]},
        ),
    )
