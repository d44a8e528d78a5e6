from axes.apps import AppConfig as BaseAxesConfig
from django.apps import AppConfig
from django.conf import settings
from django.contrib.admin.apps import AdminConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def create_cache_table(using, verbosity=1, **kwargs):
    """Create the database cache's table, if the cache lives in the database.

    Commands that change content touch the page cache, so `migrate` alone must
    leave a fresh database ready for every one of them.
    """
    call_command("createcachetable", database=using, verbosity=verbosity)


# Django writes «Can add centre» into the database whatever the language; the
# admin lists these names when it hands out rights.
PERMISSION_ACTIONS = {
    "add": _("may add"),
    "change": _("may change"),
    "delete": _("may delete"),
    "view": _("may view"),
}


def name_permissions(app_config, using="default", apps=None, **kwargs):
    """Name the default permissions of the app's tables in the portal's language."""
    from django.contrib.auth.models import Permission

    with translation.override(settings.LANGUAGE_CODE):
        for model in app_config.get_models():
            for action, verb in PERMISSION_ACTIONS.items():
                name = f"{gettext(verb)}: {model._meta.verbose_name}"[:255]
                Permission.objects.using(using).filter(
                    content_type__app_label=model._meta.app_label,
                    codename=f"{action}_{model._meta.model_name}",
                ).exclude(name=name).update(name=name)


class PortalConfig(AppConfig):
    """Site-wide pieces: settings, the home page and `/my/`, the filter bar, the page
    cache, error pages, downloads, and `seed_network`, which seeds every app."""

    name = "network_portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import lookups  # noqa: F401  (registers them)

        post_migrate.connect(create_cache_table, sender=self)
        # After every app's own permissions exist (django.contrib.auth creates them).
        post_migrate.connect(name_permissions)


class PortalAdminConfig(AdminConfig):
    """Django's admin, under the portal's name (network_portal.admin.PortalAdminSite)."""

    default_site = "network_portal.admin.PortalAdminSite"


class AxesConfig(BaseAxesConfig):
    """django-axes, its admin section named for what it does; its tables and migrations
    stay the package's own (the label is still `axes`)."""

    verbose_name = _("Brute-force protection")
