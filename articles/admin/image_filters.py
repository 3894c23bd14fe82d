"""The picture library's filters: each costs at most one query to draw, and none loads a whole table."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef
from unfold.contrib.filters.admin import RangeDateFilter
from unfold.contrib.filters.forms import RangeDateForm
from unfold.utils import parse_date_str

from articles.models import Article, ArticleImage, Image

COMMON_VALUES = 20
BY_IMPORT = "import"


class CommonValueFilter(admin.SimpleListFilter):
    """The most used values of a free-text field (and the chosen one); the search box finds the rest."""

    field = ""

    def lookups(self, request, model_admin):
        common = (
            Image.objects.exclude(**{self.field: ""})
            .values_list(self.field, flat=True)
            .annotate(uses=Count("pk"))
            .order_by("-uses", self.field)[:COMMON_VALUES]
        )
        values = list(common)
        if self.value() and self.value() not in values:
            values.insert(0, self.value())
        return [(value, value) for value in values]

    def queryset(self, request, queryset):
        return queryset.filter(**{self.field: self.value()}) if self.value() else queryset


class CreditFilter(CommonValueFilter):
    title = "credit"
    parameter_name = field = "credit"


class SourceFilter(CommonValueFilter):
    title = "source"
    parameter_name = field = "source"


class UploadedByFilter(admin.SimpleListFilter):
    """Only people who have uploaded pictures; imports and the wire store no uploader."""

    title = "uploaded by"
    parameter_name = "uploaded_by"

    def lookups(self, request, model_admin):
        uploaders = get_user_model().objects.filter(pk__in=Image.objects.values("uploaded_by")).order_by("username")
        return [*((str(user.pk), user.get_username()) for user in uploaders), (BY_IMPORT, "an import or the wire")]

    def queryset(self, request, queryset):
        if self.value() == BY_IMPORT:
            return queryset.filter(uploaded_by__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(uploaded_by_id=int(self.value()))
        return queryset


def in_no_story():
    """No story has it as its lead picture or in its body."""
    lead = Article.objects.filter(lead_image=OuterRef("pk"))
    inline = ArticleImage.objects.filter(image=OuterRef("pk"))
    return ~Exists(lead) & ~Exists(inline)


class UsageFilter(admin.SimpleListFilter):
    title = "use"
    parameter_name = "use"

    def lookups(self, request, model_admin):
        return [("unused", "Not in any story"), ("used", "In a story")]

    def queryset(self, request, queryset):
        if self.value() == "unused":
            return queryset.filter(in_no_story())
        if self.value() == "used":
            return queryset.exclude(in_no_story())
        return queryset


class LabelledRangeDateForm(RangeDateForm):
    """Unfold's range form with names a screen reader can announce (its inputs have placeholders only)."""

    def __init__(self, name: str, *args, **kwargs) -> None:
        super().__init__(name, *args, **kwargs)
        self.fields[f"{name}_from"].widget.attrs["aria-label"] = "Uploaded on or after (date)"
        self.fields[f"{name}_to"].widget.attrs["aria-label"] = "Uploaded on or before (date)"


class UploadedDateFilter(RangeDateFilter):
    """Days, inclusive: "to 3 December" keeps what was uploaded during that day (a datetime compared with a
    date would stop at its midnight)."""

    form_class = LabelledRangeDateForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "date uploaded"  # not the field's own name, "created at"

    def queryset(self, request, queryset):
        days = {}
        for end, lookup in (("from", "gte"), ("to", "lte")):
            value = self.used_parameters.get(f"{self.parameter_name}_{end}")
            day = parse_date_str(value) if isinstance(value, str) else None  # None for what is not a date
            if day:
                days[f"{self.parameter_name}__date__{lookup}"] = day
        return queryset.filter(**days)
