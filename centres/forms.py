import re
from urllib.parse import urlparse

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from network_portal.inputs import whole_number

from .models import Centre

PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().-]+$")

# Links must lead where their label says.
SOCIAL_HOSTS = {
    "vk_url": ("vk.com", "vk.ru", "m.vk.com"),
    "telegram_url": ("t.me", "telegram.me"),
    "ok_url": ("ok.ru", "m.ok.ru"),
}


def https_by_default(model_field, **kwargs):
    """Form fields for the model, with web addresses typed without a scheme taken as https."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class LoadedVersionField(forms.Field):
    """The profile version the editor started from, or None when the page lost it.

    Never an error of its own: a hidden field's error would leave the form
    unsaveable with nothing marked. A missing version is an edit conflict
    (centres.editing.save_profile), shown with the editor's input kept.
    """

    widget = forms.HiddenInput

    def to_python(self, value):
        return whole_number(value, digits=9)


class CentreProfileForm(forms.ModelForm):
    """Everything a coordinator keeps current, in the profile's sections."""

    version = LoadedVersionField(required=False)
    description = forms.CharField(
        label=capfirst(_("description")),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text; line breaks are kept. Up to 5,000 characters."),
    )

    class Meta:
        model = Centre
        fields = [
            "name", "description", "address", "phone", "email",
            "website", "vk_url", "telegram_url", "ok_url", "latitude", "longitude",
        ]  # fmt: skip
        formfield_callback = https_by_default
        help_texts = {
            "phone": _("With the area code, e.g. +7 3452 00-00-00."),
            "latitude": _("Decimal degrees, e.g. 57.15300."),
            "longitude": _("Decimal degrees, e.g. 65.53430."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.helper = FormHelper()
        # The server's messages are in the portal's language; the browser's are not.
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Fieldset(_("About"), "name", "description"),
            Fieldset(_("Contacts"), "address", "phone", "email"),
            Fieldset(_("Online presence"), "website", "vk_url", "telegram_url", "ok_url"),
            Fieldset(_("Location"), "latitude", "longitude"),
            "version",
            Submit("save", _("Save the profile")),
        )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = re.sub(r"\D", "", phone)
        if phone and (not PHONE_CHARACTERS.match(phone) or not 6 <= len(digits) <= 15):
            raise ValidationError(
                _("Enter a phone number of 6 to 15 digits, e.g. +7 3452 00-00-00."),
                code="invalid_phone",
            )
        return phone

    def clean(self):
        cleaned_data = super().clean()
        for name, hosts in SOCIAL_HOSTS.items():
            url = cleaned_data.get(name)
            if url and (urlparse(url).hostname or "").removeprefix("www.") not in hosts:
                self.add_error(
                    name,
                    ValidationError(
                        _("This link should lead to %(hosts)s."),
                        code="wrong_host",
                        params={"hosts": ", ".join(hosts)},
                    ),
                )
        latitude, longitude = cleaned_data.get("latitude"), cleaned_data.get("longitude")
        if (
            (latitude is None) != (longitude is None)
            and not self.has_error("latitude")
            and not (self.has_error("longitude"))
        ):
            raise ValidationError(
                _("Give both latitude and longitude, or neither."), code="half_location"
            )
        return cleaned_data


class CentreAdminForm(forms.ModelForm):
    """The admin's form for a centre, which won't overwrite a save made after it was opened.

    Coordinators edit profiles on the portal at any time; an admin saving a page
    opened earlier would silently undo their work.
    """

    loaded_version = LoadedVersionField(required=False)

    class Meta:
        model = Centre
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets choose them)
        formfield_callback = https_by_default

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None:
            current = Centre.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
            if cleaned_data.get("loaded_version") != current.first():
                raise ValidationError(
                    _(
                        "Someone saved this centre after you opened the page. Open it again "
                        "to see their changes, then make yours."
                    ),
                    code="edit_conflict",
                )
        return cleaned_data
