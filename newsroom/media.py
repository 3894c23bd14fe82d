"""MEDIA_ROOT through Django (SERVE_MEDIA), with the headers that keep an uploaded file from acting as a page.

Uploaded files are stored under extensions chosen from their detected format, so they are served as pictures;
these headers are the second line: with ``nosniff`` a browser will not run an image/* answer as a script or
style sheet, and ``sandbox`` makes anything opened directly an origin-less document that can run nothing. A web
server in front serving MEDIA_ROOT sets the same two headers (README, "Serving pictures").
"""

import posixpath

from django.conf import settings
from django.http import Http404
from django.views.static import serve

MEDIA_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}
# Media storage that is never public: the import page's uploads wait under "imports/<token>/" between its dry run
# and confirm (ingest.staging). Refused here; a web server serving MEDIA_ROOT, or a bucket's public-read policy,
# leaves it out the same way (README, "Serving pictures").
STAGED_IMPORTS = "imports/"
PRIVATE_PREFIXES = (STAGED_IMPORTS,)


def is_private(path: str) -> bool:
    return (posixpath.normpath(path).lstrip("/") + "/").startswith(PRIVATE_PREFIXES)


def serve_media(request, path: str):
    """MEDIA_ROOT on this machine's disk (SERVE_MEDIA is off when media is in a bucket)."""
    if is_private(path):
        raise Http404("No such file.")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    # Set here, the page policy (django.middleware.csp) leaves this answer's own Content-Security-Policy alone.
    for header, value in MEDIA_HEADERS.items():
        response[header] = value
    return response
