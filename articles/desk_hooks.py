"""The stories' part of the desk: the front page's panels, the activity page and the sidebar's links."""

from articles.admin import activity, dashboard
from articles.permissions import PUBLISH_PERMISSION
from desk import sidebar
from desk.dashboard import register_context, register_panels
from desk.pages import register_page

register_page("articles/article/activity/", activity.activity_view, name="articles_article_activity")
register_panels(10, dashboard.panels)
register_context(dashboard.heading)

_ITEMS = [
    (sidebar.DESK, 10, "Stories", "article", "admin:articles_article_changelist", "articles.Article"),
    (sidebar.DESK, 30, "Fronts", "view_quilt", "admin:articles_front_changelist", PUBLISH_PERMISSION),
    (sidebar.DESK, 40, "Pictures", "photo_library", "admin:articles_image_changelist", "articles.Image"),
    (sidebar.DESK, 70, "Activity", "history", "admin:articles_article_activity", PUBLISH_PERMISSION),
    (sidebar.TAGS, 10, "Sections", "folder", "admin:articles_section_changelist", "articles.Section"),
    (sidebar.TAGS, 20, "Regions", "public", "admin:articles_region_changelist", "articles.Region"),
    (sidebar.TAGS, 30, "Topics", "sell", "admin:articles_topic_changelist", "articles.Topic"),
    (sidebar.TAGS, 40, "Authors", "badge", "admin:articles_author_changelist", "articles.Author"),
    (sidebar.TAGS, 50, "Sources", "source", "admin:articles_source_changelist", "articles.Source"),
    (sidebar.PEOPLE, 10, "Users", "person", "admin:auth_user_changelist", "auth.User"),
    (sidebar.PEOPLE, 20, "Groups", "group", "admin:auth_group_changelist", "auth.Group"),
]
for item in _ITEMS:
    sidebar.register_item(*item)
