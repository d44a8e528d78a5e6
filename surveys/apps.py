from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "surveys"
    verbose_name = _("Research of the network")

    def ready(self):
        from network_portal.cache import watch_models

        from .models import drop_tally_triggers, reinstall_tally_triggers

        watch_models(self.get_models())
        # The tally triggers are off during a migrate and back, recounted, after it.
        pre_migrate.connect(drop_tally_triggers, sender=self, dispatch_uid="surveys-tallies-off")
        post_migrate.connect(reinstall_tally_triggers, sender=self, dispatch_uid="surveys-tallies")
