from django.apps import AppConfig
from django.contrib.auth import get_user_model
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from .lockout import clear_failures_on_new_password

        pre_save.connect(
            clear_failures_on_new_password,
            sender=get_user_model(),
            dispatch_uid="accounts-clear-failures-on-new-password",
        )
