"""Feed addresses: /feeds/latest.rss, /feeds/section/<slug>.atom, /feeds/region/<slug>.json … (add ?full=1 for the
full text). The format is the extension, so a feed's three versions differ only in their last letters."""

from django.urls import path, register_converter

from articles import subjects
from articles.feeds.corrections import CorrectionsFeed
from articles.feeds.views import FEEDS, FORMATS


class FeedFormatConverter:
    regex = "|".join(FORMATS)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FeedFormatConverter, "feedformat")

app_name = "feeds"

urlpatterns = [
    path("latest.<feedformat:fmt>", FEEDS["latest"].as_view(), name="latest"),
    path("corrections.<feedformat:fmt>", CorrectionsFeed.as_view(), name="corrections"),
    *(path(f"{kind}/<slug:slug>.<feedformat:fmt>", FEEDS[kind].as_view(), name=kind) for kind in subjects.SUBJECTS),
]
