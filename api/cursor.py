"""Opaque cursors for keyset pagination: a page continues after the last story of the one before, by its sort
time and id, so stories published while a client pages (they sort first) or withdrawn (they just go) never shift
the rest: nothing is repeated and nothing that was there is skipped, unlike with page numbers."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

from api.errors import ApiError

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)


def encode(moment: datetime, pk: int) -> str:
    micros = (moment - _EPOCH) // _MICRO  # exact: a float timestamp could round onto the neighbouring story
    return base64.urlsafe_b64encode(f"{micros}.{pk}".encode()).decode().rstrip("=")


def decode(value: str) -> tuple[datetime, int]:
    try:
        text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        micros, pk = (int(part) for part in text.split("."))
        return _EPOCH + micros * _MICRO, pk
    except (ValueError, UnicodeDecodeError, OverflowError, OSError):
        raise ApiError(
            400, "Not a cursor this API gave out: use the `next` link of the page before.", field="cursor"
        ) from None
