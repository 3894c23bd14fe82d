"""The editors' desk as a shell that apps plug into (as Wagtail's admin and each app's ``wagtail_hooks.py``).

    base        the desk's ModelAdmin (form media with the page's CSP nonce), inlines and DeskForm (unfold widgets)
    sidebar     django-unfold's settings and the sidebar, built from the entries apps register
    dashboard   the front page's panels, from the providers apps register
    pages       the desk's own pages (import, activity ...), added to the admin's URLs from the apps that own them

Each app registers its pieces in its own ``desk_hooks.py``, imported once by ``DeskConfig.ready()``. The shell
imports no feature app: what a panel lists or a page does is the app's business.
"""
