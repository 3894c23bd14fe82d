"""The pages' Content-Security-Policy, with scripts allowed from the static files' path only.

``script-src 'self'`` would let a page run a script from any URL of the site, an uploaded file's included, and
CSP cannot narrow 'self' to a path: a source with a path must name the host. So STATIC_URL, when it is a path,
is joined here to the request's own origin (its host already checked against ALLOWED_HOSTS). Inline scripts and
the admin's translation catalogue (a view, not a static file) carry the per-request nonce instead.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.urls import NoReverseMatch, reverse
from django.utils.csp import CSP


def static_script_source(request) -> str | None:
    static_url = settings.STATIC_URL
    if static_url.startswith(("https://", "http://")):
        return static_url  # static files on a host of their own (a CDN)
    try:
        return f"{request.scheme}://{request.get_host()}{static_url}"
    except DisallowedHost:  # the 400 for a bad Host header: no origin to name, nonce-only scripts
        return None


def desk_script_sources(request) -> list[str]:
    """The editors' desk (django-unfold) runs Alpine.js, whose expressions need 'unsafe-eval', and loads the
    admin's translation catalogue (a view) without a nonce. Only on /admin/, behind a login: readers' pages keep
    the strict policy, and nothing a reader or an import can write reaches the desk's pages as markup that Alpine
    reads (body HTML is sanitised to an allow-list without x-* attributes)."""
    try:
        if not request.path.startswith(reverse("admin:index")):
            return []
        catalogue = f"{request.scheme}://{request.get_host()}{reverse('admin:jsi18n')}"
    except (DisallowedHost, NoReverseMatch):  # a bad Host header's 400; a URLconf without the admin
        return []
    return [CSP.UNSAFE_EVAL, catalogue]


def allow_frames(request, sources: list[str]) -> None:
    """A view that shows embedded posts' players (a story page: ``articles.embeds``, loaded on a reader's click)
    names the hosts its page may frame; every other page frames nothing but the site itself."""
    request.csp_frame_sources = sources


def frame_sources(request) -> list[str]:
    return getattr(request, "csp_frame_sources", [])


class PageContentSecurityPolicyMiddleware(ContentSecurityPolicyMiddleware):
    def process_response(self, request, response):
        if not hasattr(response, "_csp_config") and settings.SECURE_CSP:  # a view's own policy wins
            extra = [source for source in [static_script_source(request)] if source] + desk_script_sources(request)
            frames = frame_sources(request)
            if extra or frames:
                policy = dict(settings.SECURE_CSP)
                policy["script-src"] = [*policy.get("script-src", []), *extra]
                if frames:
                    policy["frame-src"] = [*policy.get("frame-src", []), *frames]
                response._csp_config = policy
        return super().process_response(request, response)
