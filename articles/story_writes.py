"""From a story's writes to its events (``articles.events``): one snapshot before the first write of the story in a
transaction, one event per story once the transaction commits.

``before(pk)`` is taken by the ``pre_save``/``pre_delete`` receivers (``articles.signals``): where the story stood as
readers may have seen it. ``written(pk, before)`` queues a callback for after the commit, numbered in the order of
the writes. The first of a commit's callbacks for a story reads the story again (``after``), lets ``classify`` name
what happened since its snapshot and sends that one event; it notes the newest write it covered, so the story's later
callbacks of the same commit find nothing left to tell. Two saves of one story in one transaction (an import's
create then update, the desk's save then its tags) make one event, from the state before the first to the state
after the last. A rolled-back transaction sends nothing: its callbacks are dropped.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from functools import partial

from django.db import transaction

from articles import events
from articles.models import Article
from articles.purge_keys import Placement, placement

_ATTRIBUTE = "_newsroom_story_writes"  # on the database connection: per story, its newest write and the one told
_REMEMBERED = 10_000  # stories; a commit's callbacks run right after it, so older entries are never read again
_numbers = itertools.count(1)


class _Writes:
    def __init__(self):
        self.newest: OrderedDict[int, int] = OrderedDict()
        self.told: OrderedDict[int, int] = OrderedDict()

    @staticmethod
    def remember(table: OrderedDict, pk: int, number: int) -> None:
        table[pk] = number
        table.move_to_end(pk)
        while len(table) > _REMEMBERED:
            table.popitem(last=False)


def _writes() -> _Writes:
    connection = transaction.get_connection()
    writes = getattr(connection, _ATTRIBUTE, None)
    if writes is None:
        writes = _Writes()
        setattr(connection, _ATTRIBUTE, writes)
    return writes


def before(pk: int | None) -> Placement:
    return placement(pk)


def written(pk: int, before: Placement) -> None:
    number = next(_numbers)
    _Writes.remember(_writes().newest, pk, number)
    transaction.on_commit(partial(_tell, pk, number, before))


def _tell(pk: int, number: int, first: Placement) -> None:
    writes = _writes()
    if writes.told.get(pk, 0) >= number:
        return  # an earlier callback of this commit told what this write did
    _Writes.remember(writes.told, pk, writes.newest.get(pk, number))
    after = placement(pk, even_if_hidden=first.public)
    event = classify(first, after)
    if event is not None:
        events.ALL[event].send(sender=Article, story_id=pk, before=first, after=after, timed=False)


def classify(before: Placement, after: Placement) -> str | None:
    """What readers saw happen, or None when nothing they could see changed."""
    if after.public:
        return "updated" if before.public else "published"
    if before.public:
        if after.withdrawn:
            return "withdrawn"
        return "expired" if after.expired else "unpublished"
    if before.scheduled_for != after.scheduled_for:
        return "scheduled"
    return None
