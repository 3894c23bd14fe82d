"""No form of the desk lets a writer change what a writer may not: every add and change form of every registered
ModelAdmin (``admin.site._registry``, so a new one is tried as soon as it is registered) is posted by a writer,
filled in as a browser would post it, aimed at a published story and what hangs off it (its pictures, live
coverage, updates) or at a model only editors or administrators manage. Nothing may be written.

Each post is honest: the same data, posted by a superuser, is accepted by the form (unless the desk lets nobody
post it), so a writer's refusal is the permission check and not a form that could never have been valid.
"""

import datetime
from types import SimpleNamespace

import lxml.html
import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles.models import Front
from ingest.models import Source as IngestSource
from live import services as live_services
from newsletters import assembly as newsletter_assembly
from newsletters.models import EditionStatus, NewsletterList
from newsletters.models import Kind as NewsletterKind
from pages.models import MenuItem
from tests.factories import (
    AuthorFactory,
    ImageFactory,
    PublishedArticleFactory,
    RegionFactory,
    SourceFactory,
    TopicFactory,
)

# The forms writers legitimately post, and why. Everything else registered must refuse them.
WRITERS_MAY_POST = {
    # Writers write new stories: the add form saves a draft whatever is posted, and the publishing buttons are
    # refused to them by articles.admin.workflow (tests/test_admin_workflow.py).
    ("articles.article", "add"): "writers write drafts",
    # Writers upload pictures: a new picture is in no story yet (changing one in a live story is refused).
    ("articles.image", "add"): "writers upload pictures",
    # Writers may coin a topic while tagging their copy (the Writer group's add_topic).
    ("articles.topic", "add"): "writers coin topics",
    # Writers draft newsletter editions (the add form saves a draft; editors schedule and send: newsletters.editions).
    ("newsletters.edition", "add"): "writers draft editions",
}
ACTIONS = ("add", "change")
SUFFIX = "-w"  # added to the free text of a form, so that a save would show and an added row is not a duplicate


def label(model) -> str:
    return model._meta.label_lower


def cases():
    return [
        pytest.param(label(model), action, id=f"{label(model)}-{action}")
        for model in admin.site._registry
        for action in ACTIONS
        if (label(model), action) not in WRITERS_MAY_POST
    ]


# --- what the writer aims at ---


@pytest.fixture
def world(db, editor):
    """A published story with everything that hangs off it, and one of each model only editors manage."""
    story = PublishedArticleFactory(
        headline="Storm Ada reaches the coast",
        regions=[RegionFactory()],
        topics=[TopicFactory()],
        authors=[AuthorFactory()],
        source=SourceFactory(),
        lead_image=ImageFactory(),
    )
    coverage = live_services.start_coverage(article=story)
    update = live_services.post_live_update(article=story, body="<p>Winds of 80 mph at the pier.</p>")
    live_services.set_breaking_alert(text="Storm Ada makes landfall", article=story)
    Front.objects.ensure_all()
    return SimpleNamespace(
        story=story,
        other_story=PublishedArticleFactory(headline="Ferries cancelled"),  # published, not yet a live blog
        coverage=coverage,
        update=update,
        editor=editor,
    )


# The object each change form is posted for, where "any row" would not be one a writer may not change.
TARGETS = {
    "articles.article": lambda world: world.story,
    "articles.image": lambda world: world.story.lead_image,  # a picture in a live story
    "live.livecoverage": lambda world: world.coverage,
    "live.liveupdate": lambda world: world.update,
    "auth.user": lambda world: world.editor,
    "auth.group": lambda world: Group.objects.get(name="Editor"),
    # Rows whose forms check more than their required fields (the control post below would be refused).
    "ingest.source": lambda world: IngestSource.objects.create(name="Agency wire", url="https://wire.example.com/feed"),
    "pages.menuitem": lambda world: MenuItem.objects.create(label="Contact", url="/contact/"),
    # An edition an editor scheduled: a writer may change drafts, not what is set to go out.
    "newsletters.edition": lambda world: scheduled_edition(world),
}
# What an add form needs beyond the values copied from the target's change form.
ADD_DATA = {
    # The attack itself: a published story put under live coverage from the add form.
    "live.livecoverage": lambda world: {"article": world.other_story.pk},
    "auth.user": lambda world: {"password1": "a long enough passphrase 1", "password2": "a long enough passphrase 1"},
    # The attack: the published story mailed to an alerts list (its change form shows no fields to copy).
    "newsletters.alert": lambda world: {"article": world.story.pk, "newsletter": alerts_list().pk},
}


def alerts_list():
    return NewsletterList.objects.get_or_create(
        slug="breaking", defaults={"name": "Breaking", "kind": NewsletterKind.ALERTS}
    )[0]


def scheduled_edition(world):
    newsletter = NewsletterList.objects.get_or_create(slug="briefing", defaults={"name": "Briefing"})[0]
    edition = newsletter_assembly.new_edition(
        newsletter=newsletter,
        subject="Briefing",
        status=EditionStatus.SCHEDULED,
        scheduled_at=timezone.now() + datetime.timedelta(days=1),
    )
    newsletter_assembly.fill(edition, [world.story])
    return edition


def target(model, world):
    if label(model) in TARGETS:
        return TARGETS[label(model)](world)
    return model._default_manager.order_by("pk").first() or make_one(model)


def make_one(model):
    """A row of a model the world does not make, its required fields filled by type (a new ModelAdmin's model)."""
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.null or field.blank or field.has_default() or _automatic(field):
            continue
        values[field.name] = _value_for(field)
    try:
        return model._default_manager.create(**values)
    except Exception as exc:  # say which model needs a line in TARGETS rather than fail somewhere inside
        pytest.fail(f"Could not make a {label(model)} to post its forms for ({exc!r}): add it to TARGETS.")


def _automatic(field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _value_for(field):
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.ForeignKey):
        related = field.related_model
        return related._default_manager.order_by("pk").first() or make_one(related)
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return datetime.date.today()
    if isinstance(field, (models.IntegerField, models.FloatField, models.DecimalField)):
        return 0
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.EmailField):
        return "desk@example.com"
    if isinstance(field, models.URLField):
        return "https://example.com/"
    return f"{field.name}-1"


# --- what a browser would post ---


def form_data(client, url: str, model) -> dict[str, list[str]]:
    """The admin form's values as the page shows them, an empty field as [] (``{}`` when the page has no form)."""
    response = client.get(url)
    if response.status_code != 200:
        return {}
    page = lxml.html.fromstring(response.content)
    forms = page.xpath(f'//form[@id="{model._meta.model_name}_form"]')
    if not forms:
        return {}
    data: dict[str, list[str]] = {control.name: [] for control in forms[0].inputs if control.name}
    for name, value in forms[0].form_values():
        data[name].append(value)
    return data


def changed_text(data: dict, model) -> dict:
    """The data with every free-text field of the model changed, where the field still accepts it."""
    changed = dict(data)
    for name, values in data.items():
        field = _text_field(model, name)
        if field is None or len(values) != 1 or not values[0]:
            continue
        try:
            field.run_validators(values[0] + SUFFIX)
        except ValidationError:
            continue  # a key or an address: left as it was
        changed[name] = [values[0] + SUFFIX]
    return changed


def _text_field(model, name):
    try:
        field = model._meta.get_field(name)
    except Exception:
        return None
    if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
        return field
    return None


def post_data(superuser_client, model, action: str, world, obj) -> dict:
    change = form_data(superuser_client, reverse(admin_url(model, "change"), args=[obj.pk]), model)
    if action == "change":
        return changed_text(change, model)
    add = form_data(superuser_client, reverse(admin_url(model, "add")), model)
    copied = {name: change.get(name) or values for name, values in add.items()}  # the fields the add form has
    overrides = ADD_DATA.get(label(model), lambda world: {})(world)
    return {**changed_text(copied, model), **{name: [str(value)] for name, value in overrides.items()}}


def admin_url(model, action: str) -> str:
    return f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}"


# --- what was written ---


# The writer's own unsaved copy of a story: a refused save keeps what they typed there (never in the story), so
# the words of someone who was typing when the story went out are not lost (articles.admin.editing).
OWN_DRAFTS = {"articles.storydraft"}


def snapshot() -> dict:
    """Every row of every table (sessions aside: logging in writes them; and the writer's own kept drafts), to
    compare before and after."""
    return {label(model): list(model._default_manager.order_by("pk").values()) for model in django_models()}


def django_models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label != "sessions"
        and label(model) not in OWN_DRAFTS
    ]


def changed_tables(before: dict, after: dict) -> list[str]:
    return [name for name in before if before[name] != after[name]]


def may_post(model_admin, user, action: str, obj) -> bool:
    request = RequestFactory().post("/")
    request.user = user
    if action == "add":
        return model_admin.has_add_permission(request)
    return model_admin.has_change_permission(request, obj)


def form_errors(response) -> str:
    context = getattr(response, "context", None) or {}
    form = context.get("adminform")
    errors = [form.form.errors.as_text()] if form is not None and form.form.errors else []
    errors += [str(formset.formset.errors) for formset in context.get("inline_admin_formsets", []) or []]
    return " ".join(error for error in errors if error and error != "[]") or f"status {response.status_code}"


# --- the test ---


@pytest.mark.parametrize(("model_label", "action"), cases())
def test_a_writer_cannot_post_a_desk_form_for_what_they_may_not_change(writer_client, world, model_label, action):
    model = next(model for model in admin.site._registry if label(model) == model_label)
    model_admin = admin.site._registry[model]
    superuser = User.objects.create_superuser("root", "root@example.com", "correct horse battery staple")
    superuser_client = Client()
    superuser_client.force_login(superuser)
    obj = target(model, world)
    data = post_data(superuser_client, model, action, world, obj)
    url = reverse(admin_url(model, action), args=[obj.pk] if action == "change" else [])

    before = snapshot()
    writer_client.post(url, data)
    after = snapshot()

    assert not changed_tables(before, after), (
        f"a writer's {action} of {model_label} wrote {changed_tables(before, after)}"
    )
    if may_post(model_admin, superuser, action, obj):
        accepted = superuser_client.post(url, data)
        assert accepted.status_code == 302, f"the posted data is not a valid {action} form: {form_errors(accepted)}"


def test_the_allow_list_names_only_registered_forms():
    registered = {(label(model), action) for model in admin.site._registry for action in ACTIONS}

    assert set(WRITERS_MAY_POST) <= registered


def test_a_writer_is_a_writer(writer):
    """The test above is only as good as its writer: staff, in the Writer group, with no more than that."""
    assert writer.is_staff and not writer.is_superuser
    assert list(writer.groups.values_list("name", flat=True)) == ["Writer"]
    assert writer.has_perm("articles.change_article") and not writer.has_perm("articles.publish_article")
