"""Media in an S3-compatible bucket (``MEDIA_STORAGE=s3``): originals, renditions, the logo and favicon, and the
import page's uploads between its dry run and confirm, readable from every machine.

Django's file system storage stays the default (``make run``); settings pick this one from the environment
(README, "Pictures in object storage"). What it adds to django-storages' ``S3Storage``:

- **Content-Type from the bytes.** The picture code names files by the format Pillow found in them; the stored
  object's type is that same format's, never the upload's name or the browser's say-so. Anything that is not a
  picture is ``application/octet-stream`` (a download, never a page).
- **Cache-Control.** Pictures' names change when their bytes do (unguessable originals, renditions named by
  content hash, size and focal point), so they are cached for a year, ``immutable``. Anything else (the import
  page's staged uploads, ``imports/``) is ``private, no-store``.
- **URLs under MEDIA_URL**: the bucket's public host or a CDN in front of it, with no signatures or ACLs: the
  bucket's policy makes ``images/``, ``renditions/`` and ``site/`` public and leaves ``imports/`` private
  (``newsroom.media.PRIVATE_PREFIXES``).
"""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from PIL import Image as PILImage
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

IMMUTABLE = "public, max-age=31536000, immutable"
PRIVATE = "private, no-store"
NOT_A_PICTURE = "application/octet-stream"
PICTURE_TYPES = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",  # a camera's JPEG with a second frame: JPEG to every browser
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
    "AVIF": "image/avif",
}


def content_type(content) -> str:
    """The type of picture Pillow finds in ``content`` (read from its start, then rewound), or a download."""
    PILImage.init()
    try:
        content.seek(0)
        with PILImage.open(content, formats=[name for name in PICTURE_TYPES if name in PILImage.OPEN]) as probe:
            found = probe.format
    except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError):
        found = None
    finally:
        content.seek(0)
    return PICTURE_TYPES.get(found, NOT_A_PICTURE)


class MediaStorage(S3Storage):
    """django-storages' S3 backend with the type, caching and URL rules above (options come from settings)."""

    querystring_auth = False  # public pictures: plain URLs a CDN can cache
    file_overwrite = False  # as on disk: a taken name gets a suffix instead of replacing another file
    default_acl = None  # the bucket's policy says what is public (per prefix), not each object

    def _get_write_parameters(self, name, content=None):
        params = super()._get_write_parameters(name, content)
        params.pop("ContentEncoding", None)  # guessed from the name (".gz"): the bytes are stored as they came
        params["ContentType"] = content_type(content) if content is not None else NOT_A_PICTURE
        params["CacheControl"] = IMMUTABLE if params["ContentType"] != NOT_A_PICTURE else PRIVATE
        return params

    def url(self, name, parameters=None, expire=None, http_method=None):
        """Under MEDIA_URL, as renditions' URLs are (``articles.renditions``): never the site's origin."""
        return urljoin(settings.MEDIA_URL, filepath_to_uri(clean_name(name)).lstrip("/"))
