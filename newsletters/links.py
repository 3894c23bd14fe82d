"""Absolute addresses for mail (built outside any request): the site's, and each reader's own links."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from newsletters import tokens


def site_url() -> str:
    return settings.NEWSROOM.get("SITE_URL") or f"https://{settings.ALLOWED_HOSTS[0]}"


def absolute(url: str) -> str:
    """A path on the site, or a media URL (MEDIA_URL may be a path or a host of its own), made absolute."""
    if url.startswith(("https://", "http://")):
        return url
    return site_url() + (url if url.startswith("/") else f"/{url}")


def preferences(key: str) -> str:
    return absolute(reverse("newsletters:preferences", kwargs={"token": tokens.preferences(key)}))


def unsubscribe(key: str, list_id: int) -> str:
    return absolute(reverse("newsletters:unsubscribe", kwargs={"token": tokens.unsubscribe(key, list_id)}))


def confirmation(token: str) -> str:
    return absolute(reverse("newsletters:confirm", kwargs={"token": token}))
