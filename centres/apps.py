from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "centres"
    verbose_name = _("Registry")

    def ready(self):
        from network_portal.cache import watch_models

        watch_models(self.get_models())
