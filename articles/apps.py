from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        import reversion

        from articles import signals
        from articles.models import Article, ArticleAuthor, PinnedRelation, TaggedRegion, TaggedTopic
        from articles.search import receivers as search_receivers

        # Revisions follow the ordered authors, pinned relations and tags so a restore brings them back.
        for child in (ArticleAuthor, PinnedRelation, TaggedRegion, TaggedTopic):
            if not reversion.is_registered(child):
                reversion.register(child)
        # The admin (loaded first) registers Article following its inlines only; tags must come along too.
        if reversion.is_registered(Article):
            reversion.unregister(Article)
        reversion.register(
            Article, follow=["article_authors", "pinned_relations", "taggedregion_set", "taggedtopic_set"]
        )
        # In every process (commands and workers alike), not only once the URLconf happens to be loaded.
        signals.connect()
        search_receivers.connect()
