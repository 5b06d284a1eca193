from django.contrib import admin

from .models import Commune, Province, Village


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province"]
    list_filter = ["province"]
    search_fields = ["code", "name"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["name", "commune"]
    search_fields = ["name", "commune__name"]
    autocomplete_fields = ["commune"]
