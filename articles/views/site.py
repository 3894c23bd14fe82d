"""The site's own answers: robots.txt, the health check and the error pages."""

from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse

from articles.caching import LONG_MAX_AGE, public_page


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@public_page(max_age=LONG_MAX_AGE)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('articles:search')}",
        "Disallow: /preview/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    return render(request, "404.html", {"meta": {"title": "Page not found", "robots": "noindex"}}, status=404)


def server_error(request):
    # No request context: the database or a context processor may be what failed.
    try:
        return HttpResponseServerError(loader.get_template("500.html").render())
    except Exception:
        return HttpResponseServerError("<!DOCTYPE html><title>Server error</title><h1>Something went wrong</h1>")
