"""MEDIA_ROOT through Django (SERVE_MEDIA), with the headers that keep an uploaded file from acting as a page.

Uploaded files are stored under extensions chosen from their detected format, so they are served as pictures;
these headers are the second line: with ``nosniff`` a browser will not run an image/* answer as a script or
style sheet, and ``sandbox`` makes anything opened directly an origin-less document that can run nothing. A web
server in front serving MEDIA_ROOT sets the same two headers (README, "Serving pictures").
"""

from django.conf import settings
from django.views.static import serve

MEDIA_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}


def serve_media(request, path: str):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    # Set here, the page policy (django.middleware.csp) leaves this answer's own Content-Security-Policy alone.
    for header, value in MEDIA_HEADERS.items():
        response[header] = value
    return response
