"""Editors' logins: two-factor required for staff when NEWSROOM_REQUIRE_2FA is on, and who is guessing passwords.

Login and enrolment pages are django-two-factor-auth's, under /admin/account/. A staff user who must have a second
factor and has none yet is sent to enrol (not locked out); one who has a device but whose session was not
verified with it (a session from before the setting was on) logs in again with a token.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import user_has_device


def admin_login(request):
    """The admin's own password-only login sends people to the two-factor one, keeping where they were going."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = resolve_url(settings.LOGIN_REDIRECT_URL)
    return redirect_to_login(target, login_url=settings.LOGIN_URL)


class RequireTwoFactorMiddleware:
    """After django_otp's OTPMiddleware, which sets ``request.user.is_verified()``.

    Only a request carrying a session cookie can be a logged-in editor's (logins live in the session alone:
    ``AUTHENTICATION_BACKENDS`` has no header or remote-user login), so a request without one is let through
    without reading the session. Reading it would mark every answer ``Vary: Cookie``, which no shared cache or
    the page cache (``pagecache.pages``) stores: readers' pages stay the same for everyone, and cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.NEWSROOM_REQUIRE_2FA or settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        user = request.user
        if user.is_authenticated and user.is_staff and not user.is_verified() and not _always_reachable(request.path):
            if not user_has_device(user):
                return redirect("two_factor:setup")
            return redirect_to_login(request.get_full_path(), login_url=settings.LOGIN_URL)
        return self.get_response(request)


def _always_reachable(path: str) -> bool:
    """Enrolling, logging in and out, and files: what an unverified editor still needs."""
    account = reverse("two_factor:login").rsplit("login/", 1)[0]  # /admin/account/
    return path.startswith((account, settings.STATIC_URL, settings.MEDIA_URL)) or path == reverse("admin:logout")


def login_username(request, credentials: dict | None) -> str | None:
    """For login throttling: the same username whether axes asks with authenticate()'s credentials (each password
    tried) or with the raw form (the lockout page), where the two-factor login's first step names it auth-username."""
    if credentials:
        return credentials.get("username")
    return request.POST.get("auth-username")


def desk_context(request) -> dict:
    """The two-factor pages are not admin views, so they lack the admin's context that unfold draws its pages from
    (colours, site title, stylesheets): give it to them, and only them."""
    if not request.path.startswith(reverse("two_factor:login").rsplit("login/", 1)[0]):
        return {}
    from django.contrib import admin  # the admin site is ready by the time a page renders

    return admin.site.each_context(request)
