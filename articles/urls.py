from django.urls import path

from articles.views import article, corrections, fronts, listings, search, site

app_name = "articles"

urlpatterns = [
    path("", fronts.HomeView.as_view(), name="home"),
    path("robots.txt", site.robots_txt, name="robots"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("corrections/", corrections.CorrectionsView.as_view(), name="corrections"),
    path("region/<slug:slug>/", listings.RegionView.as_view(), name="region"),
    path("topic/<slug:slug>/", listings.TopicView.as_view(), name="topic"),
    path("author/<slug:slug>/", listings.AuthorView.as_view(), name="author"),
    path("preview/<int:pk>/", article.PreviewView.as_view(), name="preview"),
    path("<slug:slug>/", listings.SectionView.as_view(), name="section"),
    path("<slug:section>/<slug:slug>/", article.ArticleDetailView.as_view(), name="detail"),
]
