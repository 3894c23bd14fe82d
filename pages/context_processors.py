from pages.chrome import chrome, record_names


def site_chrome(request):
    """The menus, logo and favicon for base.html, from the cached chrome (no query once it is warm)."""
    data = chrome()
    record_names(data["header"])
    record_names(data["footer"])
    return {"site_chrome": data}
