from django.contrib import admin

from .models import Country, Language


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "native_name", "code", "direction"]
    list_filter = ["direction"]
    search_fields = ["name", "native_name", "code"]
