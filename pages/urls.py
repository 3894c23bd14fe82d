from django.urls import path, register_converter

from pages import views
from pages.converters import PageSlugConverter

register_converter(PageSlugConverter, "pageslug")

app_name = "pages"

urlpatterns = [
    path("<pageslug:slug>/", views.PageView.as_view(), name="detail"),
]
