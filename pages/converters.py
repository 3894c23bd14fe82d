from pages.chrome import is_page_address


class PageSlugConverter:
    """Matches only the slug of a published page, so /<slug>/ falls through to the section route otherwise: a page
    never hides a section or another route, and an unpublished page's address is an ordinary 404."""

    regex = "[-a-zA-Z0-9_]+"

    def to_python(self, value):
        if not is_page_address(value):
            raise ValueError(value)
        return value

    def to_url(self, value):
        return value
