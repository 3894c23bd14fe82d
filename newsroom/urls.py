from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from two_factor.urls import urlpatterns as two_factor_urls

from articles import sitemaps
from articles.views import site
from newsroom import accounts, gauges
from newsroom.media import serve_media

urlpatterns = [
    # Logins and two-factor enrolment (django-two-factor-auth) under /admin/account/, before the admin's own.
    path("admin/login/", accounts.admin_login, name="admin-login"),
    path("admin/", include(two_factor_urls)),
    path("admin/", admin.site.urls),
    path("healthz", site.healthz, name="healthz"),
    path("metrics", gauges.metrics_view, name="metrics"),  # Prometheus, for METRICS_ALLOWED_IPS only
    path("api/v1/", include("api.urls")),  # the content API (api/endpoints.py)
    path("feeds/", include("articles.feeds.urls")),  # before live.urls: it registers the feed format converter
    path("newsletters/", include("newsletters.urls")),  # sign-up, preferences, archive, mail services' webhooks
    path("", include("live.urls")),
    path("sitemap.xml", sitemaps.index, name="sitemap-index"),
    path("sitemap-news.xml", sitemaps.news, name="sitemap-news"),
    path("sitemap-<str:section>.xml", sitemaps.section, name="sitemap-section"),
    # Before the section route: matches only a published page's slug (pages.converters), else falls through.
    path("", include("pages.urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    # With nosniff and a sandboxing policy of its own: an upload must never be able to act as a page or a script.
    urlpatterns.insert(0, re_path(r"^media/(?P<path>.*)$", serve_media, name="media"))

handler404 = "articles.views.site.page_not_found"
handler500 = "articles.views.site.server_error"
