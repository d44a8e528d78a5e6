from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModelsCatalogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "models_catalog"
    verbose_name = _("Models and the network")

    def ready(self):
        from network_portal.cache import watch_models

        watch_models(self.get_models())
