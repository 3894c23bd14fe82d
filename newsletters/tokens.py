"""The signed values in newsletter forms and links (django.core.signing, each with a salt of its own).

    stamp         in every sign-up form: when it was drawn (the minimum time a person takes to fill it in)
    confirmation  the double opt-in link: the address and the lists asked for, good for CONFIRM_DAYS
    preferences   every mail's "manage your newsletters" link: the subscriber's random key
    unsubscribe   the one-click unsubscribe (RFC 8058): the key and the list

Links carry the subscriber's random ``key``, not its id: ids come back after an erasure on SQLite, keys never do.
Preferences and unsubscribe links do not expire (a reader may use last year's mail to leave); erasing the
subscriber makes them point at nobody.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.core import signing

CONFIRM_DAYS = 3
STAMP_MAX_AGE = 7 * 86400  # a page left open for a week still signs up (after one more click)

_STAMP, _CONFIRM, _PREFERENCES, _UNSUBSCRIBE = (
    "newsletters.stamp",
    "newsletters.confirm",
    "newsletters.preferences",
    "newsletters.unsubscribe",
)


def stamp(now: float | None = None) -> str:
    return signing.dumps(round(now if now is not None else time.time()), salt=_STAMP)


def stamp_age(value: str, now: float | None = None) -> float | None:
    """Seconds since the form was drawn; None for a missing, forged or week-old stamp."""
    try:
        drawn = signing.loads(value or "", salt=_STAMP, max_age=STAMP_MAX_AGE)
    except signing.BadSignature:
        return None
    return (now if now is not None else time.time()) - float(drawn)


@dataclass(frozen=True)
class SignUp:
    email: str
    lists: tuple[int, ...] = ()  # list ids
    follow: tuple[str, ...] = ()  # "region:12": the listing a reader followed from its page
    page: str = ""
    extra: dict = field(default_factory=dict)


def confirmation(signup: SignUp) -> str:
    payload = {"e": signup.email, "l": list(signup.lists), "f": list(signup.follow), "p": signup.page[:300]}
    return signing.dumps(payload, salt=_CONFIRM, compress=True)


def read_confirmation(token: str) -> SignUp | None:
    try:
        data = signing.loads(token, salt=_CONFIRM, max_age=CONFIRM_DAYS * 86400)
    except signing.BadSignature:  # SignatureExpired included
        return None
    return SignUp(
        email=data["e"], lists=tuple(int(n) for n in data.get("l", ())), follow=tuple(data.get("f", ())), page=data["p"]
    )


def preferences(key: str) -> str:
    return signing.dumps(key, salt=_PREFERENCES)


def read_preferences(token: str) -> str | None:
    try:
        return signing.loads(token, salt=_PREFERENCES)
    except signing.BadSignature:
        return None


def unsubscribe(key: str, list_id: int) -> str:
    return signing.dumps([key, list_id], salt=_UNSUBSCRIBE)


def read_unsubscribe(token: str) -> tuple[str, int] | None:
    try:
        key, list_id = signing.loads(token, salt=_UNSUBSCRIBE)
        return str(key), int(list_id)
    except (signing.BadSignature, TypeError, ValueError):
        return None
