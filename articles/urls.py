from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("region/<slug:slug>/", views.RegionView.as_view(), name="region"),
    path("topic/<slug:slug>/", views.TopicView.as_view(), name="topic"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("preview/<int:pk>/", views.PreviewView.as_view(), name="preview"),
    path("<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("<slug:section>/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
