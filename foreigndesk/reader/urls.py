from django.urls import path, register_converter

from . import views


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:04d}"


class MonthConverter:
    regex = "0[1-9]|1[0-2]"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str | int) -> str:
        return f"{int(value):02d}"


register_converter(YearConverter, "yyyy")
register_converter(MonthConverter, "mm")

app_name = "reader"

urlpatterns = [
    path("", views.front_page, name="front_page"),
    path("<yyyy:year>/<mm:month>/<slug:slug>/", views.article, name="article"),
]
