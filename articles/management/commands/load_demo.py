"""Load the demo newsroom: sections, a region tree, topics, people, ~60 stories with pictures.

Safe to run twice: everything is looked up by slug (pictures by content hash) and existing stories are
left as they are, so a second run creates nothing.
"""

from datetime import timedelta

import reversion
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from articles import body, services
from articles.demo import demo_loaded, pictures, stories
from articles.models import Article, ArticleAuthor, Author, PinnedRelation, Region, Section, Source, Status, Topic


class Command(BaseCommand):
    help = "Create the demo sections, regions, topics, users and about 60 stories (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-demo-users",
            action="store_true",
            help="Create the editor/editor and writer/writer logins even with DEBUG off (never on a public site).",
        )

    def handle(self, *args, with_demo_users=False, **options):
        # Guessable staff logins are for a developer's machine only.
        make_users = settings.DEBUG or with_demo_users
        with transaction.atomic():
            self.load_vocabularies()
            if make_users:
                self.load_users()
            created = self.load_stories()
            self.load_pinned_relations()
            demo_loaded.send(sender=self.__class__)  # other apps' demo content (pages: About, Contact ...)
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready: {created} new stories, {Article.objects.count()} in all.")
        )
        if not make_users:
            self.stdout.write("No demo logins made (DEBUG is off); pass --with-demo-users to make them.")

    def load_vocabularies(self):
        for position, data in enumerate(stories.SECTIONS):
            Section.objects.get_or_create(slug=data["slug"], defaults={"name": data["name"], "position": position})
        for data in stories.REGIONS:
            self._region(data, parent=None)
        for data in stories.TOPICS:
            Topic.objects.get_or_create(slug=data["slug"], defaults={"name": data["name"]})
        for data in stories.AUTHORS:
            Author.objects.get_or_create(slug=data["slug"], defaults={"name": data["name"], "bio": data["bio"]})
        for data in stories.SOURCES:
            Source.objects.get_or_create(
                name=data["name"], defaults={"short_name": data.get("short", ""), "slug": _slug(data["name"])}
            )

    def _region(self, data, parent):
        region, _ = Region.objects.get_or_create(slug=data["slug"], defaults={"name": data["name"], "parent": parent})
        for child in data.get("children", []):
            self._region(child, parent=region)

    def load_users(self):
        for data in stories.USERS:
            user, created = User.objects.get_or_create(
                username=data["username"],
                defaults={
                    "first_name": data.get("first_name", ""),
                    "last_name": data.get("last_name", ""),
                    "email": data.get("email", ""),
                    "is_staff": True,
                },
            )
            if created:
                user.set_password(data["password"])
                user.save()
            user.groups.add(Group.objects.get(name=data["role"]))

    def load_stories(self) -> int:
        created = 0
        now = timezone.now().replace(second=0, microsecond=0)
        for number, data in enumerate(stories.STORIES):
            if Article.objects.filter(slug=data["key"]).exists():
                continue
            with reversion.create_revision():
                self._story(data, number, now)
                reversion.set_comment("Demo content")
            created += 1
        return created

    def _story(self, data, number, now):
        when = now - timedelta(hours=data["hours_ago"])
        lead = self._picture(data["lead_image"], seed=number * 100)
        article = Article.objects.create(
            slug=data["key"],
            headline=data["headline"],
            standfirst=data["standfirst"],
            body=self._body(data["body"], seed=number * 100),
            section=Section.objects.get(slug=data["section"]),
            source=Source.objects.filter(name=data["source"]).first() if data.get("source") else None,
            lead_image=lead,
            status={"published": Status.PUBLISHED, "review": Status.IN_REVIEW}.get(data["status"], Status.DRAFT),
            published_at=when if data["status"] == "published" else None,
            first_published_at=when if data["status"] == "published" and when <= now else None,
        )
        # auto_now would stamp every demo story with the load time, as if all had just been edited.
        Article.objects.filter(pk=article.pk).update(created_at=when, updated_at=when)
        for position, slug in enumerate(data.get("authors", [])):
            ArticleAuthor.objects.create(article=article, author=Author.objects.get(slug=slug), position=position)
        article.regions.set(list(Region.objects.filter(slug__in=data["regions"])))
        article.topics.set(list(Topic.objects.filter(slug__in=data["topics"])))
        services.sync_inline_images(article=article)

    def _picture(self, spec, *, seed):
        data = pictures.make_picture(palette=spec["palette"], label=spec["label"], width=1280, height=720, seed=seed)
        image, _created = services.save_image(
            data=data,
            filename=f"{_slug(spec['label'])}.jpg",
            alt_text=spec["alt"],
            caption=spec["caption"],
            credit=spec["credit"],
            source="Newsroom demo",
        )
        return image  # its renditions are made when the transaction commits

    def _body(self, blocks, *, seed) -> str:
        html = []
        for index, block in enumerate(blocks, start=1):
            if isinstance(block, str):
                html.append(f"<p>{escape(block)}</p>")
                continue
            spec = block["image"]
            image = self._picture(spec, seed=seed + index)
            html.append(
                body.figure_html(
                    image_id=image.pk,
                    src=image.file.url,
                    alt=spec["alt"],
                    caption=spec["caption"],
                    credit=spec["credit"],
                )
            )
        return "\n".join(html)

    def load_pinned_relations(self):
        for data in stories.STORIES:
            article = Article.objects.get(slug=data["key"])
            if article.pinned_relations.exists():
                continue
            for position, key in enumerate(data.get("pinned_related", [])):
                PinnedRelation.objects.create(
                    from_article=article, to_article=Article.objects.get(slug=key), position=position
                )


def _slug(text: str) -> str:
    from django.utils.text import slugify

    return slugify(text) or "picture"
