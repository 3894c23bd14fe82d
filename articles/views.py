"""Placeholder views: the public-site work replaces these."""

from django.http import Http404, HttpResponse, HttpResponseServerError
from django.views import View


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def robots_txt(request):
    return HttpResponse("User-agent: *\nDisallow: /admin/\n", content_type="text/plain")


class _Stub(View):
    def get(self, request, *args, **kwargs):
        raise Http404


HomeView = SearchView = RegionView = TopicView = AuthorView = PreviewView = SectionView = ArticleDetailView = _Stub


def page_not_found(request, exception=None):
    return HttpResponse("Not found", status=404)


def server_error(request):
    return HttpResponseServerError("Server error")
