from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Site pages and menus"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles.demo import demo_loaded
        from pages import demo, signals

        signals.connect()
        demo_loaded.connect(demo.on_demo_loaded, dispatch_uid="pages-demo")
