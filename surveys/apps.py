from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "surveys"
    verbose_name = _("Research of the network")

    def ready(self):
        from network_portal.cache import watch_models

        watch_models(self.get_models())
