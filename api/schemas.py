"""The API's shapes as pydantic schemas: they document the answers in the OpenAPI file and the browsable docs,
and the tests check real answers against them. (The views build the JSON themselves, from ``api.shapes``, and
answer it with validators and cache headers; these are the contract the tests hold that JSON to.)"""

from __future__ import annotations

from datetime import datetime

from ninja import Schema


class Variant(Schema):
    url: str
    width: int
    height: int
    format: str


class Rendition(Schema):
    src: str
    width: int
    height: int
    variants: list[Variant]


class Picture(Schema):
    id: int
    alt: str
    caption: str
    credit: str
    width: int
    height: int
    renditions: dict[str, Rendition]


class Named(Schema):
    id: int
    name: str
    slug: str
    url: str


class Topic(Named):
    iptc_code: str | None


class PathStep(Schema):
    id: int
    name: str
    slug: str


class Region(Named):
    path: list[PathStep]


class RegionNode(Named):
    children: list[RegionNode]


class Source(Schema):
    name: str
    short_name: str


class Correction(Schema):
    kind: str
    text: str
    published_at: datetime | None


class Article(Schema):
    id: int
    uri: str
    url: str
    canonical_url: str
    status: str
    headline: str
    standfirst: str
    body_html: str
    byline: str
    authors: list[Named]
    source: Source | None
    section: Named | None
    regions: list[Region]
    topics: list[Topic]
    lead_image: Picture | None
    images: list[Picture]
    corrections: list[Correction]
    language: str
    published_at: datetime | None
    first_published_at: datetime | None
    updated_at: datetime | None
    last_corrected_at: datetime | None
    expires_at: datetime | None


class ArticlePage(Schema):
    items: list[Article]
    next_cursor: str | None
    next: str | None


class Section(Named):
    description: str


class ErrorDetail(Schema):
    status: int
    message: str
    field: str | None = None


class Error(Schema):
    error: ErrorDetail
