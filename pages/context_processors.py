from django.utils.functional import SimpleLazyObject

from pages.chrome import chrome, record_names


def site_chrome(request):
    """The menus, logo and favicon for base.html, from the cached chrome. Lazy: pages that do not show it (the
    desk, feeds) never read it, so a cold cache costs them no query."""

    def load() -> dict:
        data = chrome()
        record_names(data["header"])
        record_names(data["footer"])
        return data

    return {"site_chrome": SimpleLazyObject(load)}
