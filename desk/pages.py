"""The desk's own pages that are not a ModelAdmin's (the import page, the activity page): each app registers its
pages here, under the admin's URL namespace, so ``reverse("admin:<name>")`` finds them and the admin's login and
staff checks (``admin_view``) guard them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import path


@dataclass(frozen=True)
class DeskPage:
    route: str
    view: Callable
    name: str


_PAGES: dict[str, DeskPage] = {}


def register_page(route: str, view: Callable, *, name: str) -> None:
    """``route`` under /admin/ (e.g. "articles/article/import/"), served by ``view`` behind the admin's login."""
    _PAGES[name] = DeskPage(route, view, name)


def urls() -> list:
    from django.contrib import admin

    return [path(page.route, admin.site.admin_view(page.view), name=page.name) for page in _PAGES.values()]
