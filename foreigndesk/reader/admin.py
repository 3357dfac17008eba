from django.contrib import admin

from .models import DailyViews, RelatedArticle


@admin.register(DailyViews)
class DailyViewsAdmin(admin.ModelAdmin):
    list_display = ["translation", "day", "views"]
    date_hierarchy = "day"
    list_select_related = ["translation"]
    raw_id_fields = ["translation"]


@admin.register(RelatedArticle)
class RelatedArticleAdmin(admin.ModelAdmin):
    list_display = ["translation", "related", "rank", "score"]
    list_select_related = ["translation", "related"]
    raw_id_fields = ["translation", "related"]
    search_fields = ["translation__title"]
