"""The site's own answers: robots.txt, the health check and the error pages."""

import sys

from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse

from articles.caching import LONG_MAX_AGE, public_page
from articles.outage import DATABASE_ERRORS, database_unavailable, drop_failed_connections, log_outage
from newsroom.shared_cache import cache_reachable


def healthz(request):
    """Readiness: the database and the cache, each "ok" or "down"; 503 while the database is down.

    The cache does not decide readiness: pages are served without it (slower), and taking every instance out
    of the load balancer because Redis is down would turn a slow site into no site. ``?live`` answers
    whether the process serves requests at all, touching nothing.
    """
    if "live" in request.GET:
        return _no_store(HttpResponse("ok", content_type="text/plain"))
    checks = {"database": "ok" if _database_reachable() else "down", "cache": "ok" if cache_reachable() else "down"}
    ready = checks["database"] == "ok"
    return _no_store(JsonResponse({"ready": ready, **checks}, status=200 if ready else 503))


def _database_reachable() -> bool:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_ERRORS:
        drop_failed_connections()
        return False
    return True


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@public_page(max_age=LONG_MAX_AGE)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('articles:search')}",
        "Disallow: /preview/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-news'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    return render(request, "404.html", {"meta": {"title": "Page not found", "robots": "noindex"}}, status=404)


def server_error(request):
    # A database outage that surfaced outside a view (a middleware saving the session) is still a 503.
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        log_outage(sys.exc_info()[1])
        drop_failed_connections()
        return database_unavailable()
    # No request context: the database or a context processor may be what failed.
    try:
        return HttpResponseServerError(loader.get_template("500.html").render())
    except Exception:
        return HttpResponseServerError("<!DOCTYPE html><title>Server error</title><h1>Something went wrong</h1>")
