from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from .lockout import client_address, over_limit

# Pages that are no place to come back to after logging in.
NOT_A_DESTINATION = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


class LoginView(auth_views.LoginView):
    """Django's login, back to the page the visitor came from (`next`), else to /my/.

    A `next` that leads to the login, logout or password-reset pages (a login
    link followed on the login page, an old bookmark) counts as none.
    """

    def get_redirect_url(self):
        url = super().get_redirect_url()
        try:
            name = resolve(urlsplit(url).path).url_name if url else None
        except Resolver404:
            return url
        return "" if name in NOT_A_DESTINATION else url


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by e-mail, limited per address, and per account from each address.

    An account over its limit gets the same answer as any other, so the page
    never tells whether an address has an account. The account's limit counts
    each visitor's address apart: a stranger who asks for its mails again and
    again can't keep them from reaching its owner.
    """

    def post(self, request, *args, **kwargs):
        address = client_address(request)
        if over_limit("reset-address", address, settings.PASSWORD_RESETS_PER_ADDRESS):
            return render(
                request,
                "registration/password_reset_limited.html",
                {"title": _("Too many requests")},
                status=429,
            )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        asked = f"{form.cleaned_data['email'].casefold()} {client_address(self.request)}"
        if over_limit("reset-account", asked, settings.PASSWORD_RESETS_PER_ACCOUNT):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
