"""factory_boy factories, one per state a test needs."""

import io
from datetime import timedelta

import factory
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage

from articles import renditions
from articles.models import Article, ArticleAuthor, Author, Image, Region, Section, Source, Status, Topic


def jpeg_bytes(width=1600, height=900, color=(40, 90, 160)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    position = factory.Sequence(int)


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Writer {n}")
    slug = factory.Sequence(lambda n: f"writer-{n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("name",)

    name = "Press Association"
    short_name = "PA"
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")
    parent = None


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ImageFactory(factory.django.DjangoModelFactory):
    """A real (small) JPEG; each one different so the library does not dedupe them."""

    class Meta:
        model = Image

    alt_text = "Flood water in the town centre"
    caption = "Flood water in the town centre."
    credit = "PA"
    content_hash = factory.LazyAttribute(lambda o: renditions.content_hash(o.data))
    file_size = factory.LazyAttribute(lambda o: len(o.data))
    file = factory.LazyAttribute(lambda o: ContentFile(o.data, name="picture.jpg"))

    class Params:
        data = factory.Sequence(lambda n: jpeg_bytes(320, 180, (n % 256, (n * 7) % 256, (n * 13) % 256)))


class ArticleFactory(factory.django.DjangoModelFactory):
    """A draft."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Floods close roads across the valley, day {n}")
    standfirst = "Council crews worked through the night to clear the main routes."
    body = "<p>Flood water closed roads across the valley on Monday.</p><p>Crews worked through the night.</p>"
    section = factory.SubFactory(SectionFactory, name="World", slug="world")
    status = Status.DRAFT

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.add(*extracted)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.add(*extracted)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            for position, author in enumerate(extracted):
                ArticleAuthor.objects.create(article=self, author=author, position=position)


DraftArticleFactory = ArticleFactory


class ReviewArticleFactory(ArticleFactory):
    status = Status.IN_REVIEW


class PublishedArticleFactory(ArticleFactory):
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    first_published_at = factory.SelfAttribute("published_at")


class ScheduledArticleFactory(ArticleFactory):
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))


class WithdrawnArticleFactory(ArticleFactory):
    status = Status.WITHDRAWN
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))
    first_published_at = factory.SelfAttribute("published_at")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
        self.save()
