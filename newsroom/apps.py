from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The shared bottom layer's one table (``models.RateWindow``, for ``limits``); everything else here is code."""

    name = "newsroom"
    verbose_name = "Newsroom"
