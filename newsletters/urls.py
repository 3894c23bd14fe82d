"""Readers' newsletter pages, the archive, and the mail services' signed tracking webhooks (anymail)."""

from anymail import urls as anymail_urls
from django.conf import settings
from django.http import HttpResponseForbidden
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from newsletters import archive, views

app_name = "newsletters"


def _signed_only(view):
    """anymail accepts an unauthenticated webhook with a warning when ``WEBHOOK_SECRET`` is unset; here it is refused:
    a forged bounce report would suppress a reader's address."""

    @csrf_exempt
    def guarded(request, *args, **kwargs):
        if not (getattr(settings, "ANYMAIL", {}) or {}).get("WEBHOOK_SECRET"):
            return HttpResponseForbidden("Webhooks need ANYMAIL_WEBHOOK_SECRET.")
        return view(request, *args, **kwargs)

    return guarded


# Each service's tracking webhook (bounces, complaints): /newsletters/webhooks/<service>/tracking/.
WEBHOOKS = [
    path(f"webhooks/{pattern.pattern}", _signed_only(pattern.callback), name=pattern.name)
    for pattern in anymail_urls.urlpatterns
    if pattern.name and pattern.name.endswith("_tracking_webhook")
]

urlpatterns = [
    path("", views.signup, name="signup"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("preferences/<str:token>/data.json", views.export, name="export"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    *WEBHOOKS,
    path("<slug:list_slug>/", archive.archive, name="archive"),
    path("<slug:list_slug>/feed/", archive.feed, name="feed"),
    path("<slug:list_slug>/<str:issue>/", archive.edition, name="edition"),
]
