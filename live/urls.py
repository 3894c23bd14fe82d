"""Live coverage's addresses, included before the articles' catch-all section route."""

from django.urls import path

from live import views
from live.feeds import LiveFeed

app_name = "live"

urlpatterns = [
    path("live/<int:pk>/poll.json", views.poll, name="poll"),
    path("feeds/live/<int:pk>.<feedformat:fmt>", LiveFeed.as_view(), name="feed"),
    path("breaking.json", views.breaking, name="breaking"),
    path("most-read/", views.MostReadView.as_view(), name="most_read"),
    path("most-read/count/<int:pk>", views.count_read, name="count"),
]
