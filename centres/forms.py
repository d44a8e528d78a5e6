import re
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlparse

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from network_portal.inputs import whole_number

from .models import Centre, ModelSetBy, split_phone

PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().-]+$")

# Links must lead where their label says.
SOCIAL_HOSTS = {
    "vk_url": ("vk.com", "vk.ru", "m.vk.com"),
    "telegram_url": ("t.me", "telegram.me"),
    "ok_url": ("ok.ru", "m.ok.ru"),
}


# Russia, from Kaliningrad to Chukotka's west: a point outside is a slip (0, 0 is
# off Africa), not a centre of the network.
LATITUDES = (41, 82)
LONGITUDES = (19, 180)


class DegreesField(forms.DecimalField):
    """Degrees as map services copy them: decimals beyond the five kept (1 m) are rounded."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and value.is_finite() and abs(value) < 1000:
            value = value.quantize(Decimal("0.00001"), rounding=ROUND_HALF_UP)
        return value


# A Telegram channel's name as people give it: «@name», 5 to 32 Latin letters, digits
# or «_», a letter first.
TELEGRAM_HANDLE = re.compile(r"@([A-Za-z][A-Za-z0-9_]{4,31})")


class TelegramURLField(forms.URLField):
    """A channel's address, or its «@name», which is the address https://t.me/name."""

    def to_python(self, value):
        handle = TELEGRAM_HANDLE.fullmatch((value or "").strip())
        return super().to_python(f"https://t.me/{handle[1]}" if handle else value)


# A centre's fields read otherwise than their model fields' defaults.
FORM_CLASSES = {
    "telegram_url": TelegramURLField,
    "latitude": DegreesField,
    "longitude": DegreesField,
}


def centre_form_field(model_field, **kwargs):
    """A centre's form fields: web addresses typed without a scheme are https; degrees rounded."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    if model_field.name in FORM_CLASSES:
        kwargs["form_class"] = FORM_CLASSES[model_field.name]
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


def mark_model_set_by(form, set_by):
    """Say where the centre's model came from when this form changes it."""
    if "organisational_model" in form.changed_data:
        form.instance.organisational_model_set_by = set_by


def within(degrees, bounds, message):
    low, high = bounds
    if degrees is not None and not low <= degrees <= high:
        raise ValidationError(message, code="outside_russia", params={"low": low, "high": high})
    return degrees


class CentreProfileForm(forms.ModelForm):
    """Everything a coordinator keeps current, in the profile's sections."""

    version = LoadedVersionField(required=False)

    class Meta:
        model = Centre
        fields = [
            "name", "description", "organisational_model", "address", "phone", "email",
            "website", "vk_url", "telegram_url", "ok_url", "latitude", "longitude",
        ]  # fmt: skip
        formfield_callback = centre_form_field
        # Degrees as people write them here, with a decimal comma or a point; a
        # number field would turn «57,15» into 5715 in some browsers.
        localized_fields = ["latitude", "longitude"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "organisational_model": forms.RadioSelect,
            "latitude": forms.TextInput(attrs={"inputmode": "decimal"}),
            "longitude": forms.TextInput(attrs={"inputmode": "decimal"}),
        }
        help_texts = {
            "organisational_model": _(
                "One of the four models the source describes. Saving a self-assessment result "
                "on the profile sets it too."
            ),
            "phone": _("With the area code, e.g. +7 3452 00-00-00."),
            "latitude": _("Decimal degrees, e.g. 57.15300, or click the map."),
            "longitude": _("Decimal degrees, e.g. 65.53430, or click the map."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.fields["organisational_model"].empty_label = _("not determined yet")
        self.helper = FormHelper()
        # The server's messages are in the portal's language; the browser's are not.
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Fieldset(_("About"), "name", "description"),
            Fieldset(_("Place in the network"), "organisational_model"),
            Fieldset(_("Contacts"), "address", "phone", "email"),
            Fieldset(_("Online presence"), "website", "vk_url", "telegram_url", "ok_url"),
            Fieldset(
                _("Location"),
                HTML('{% include "centres/includes/_location_picker.html" %}'),
                "latitude",
                "longitude",
            ),
            "version",
            Submit("save", _("Save the profile")),
        )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        number, _extension = split_phone(phone)
        digits = re.sub(r"\D", "", number)
        if phone and (not PHONE_CHARACTERS.match(number) or not 6 <= len(digits) <= 15):
            raise ValidationError(
                _(
                    "Enter one phone number of 6 to 15 digits, e.g. +7 3452 00-00-00, "
                    "and its extension after «доб.» if it has one."
                ),
                code="invalid_phone",
            )
        return phone

    def clean_latitude(self):
        return within(
            self.cleaned_data["latitude"],
            LATITUDES,
            _("Latitudes in Russia run from %(low)s to %(high)s degrees north."),
        )

    def clean_longitude(self):
        return within(
            self.cleaned_data["longitude"],
            LONGITUDES,
            _("Longitudes in Russia run from %(low)s to %(high)s degrees east."),
        )

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

    def save(self, commit=True):
        mark_model_set_by(self, ModelSetBy.PROFILE)
        return super().save(commit)


class CentreAdminForm(forms.ModelForm):
    """The admin's form for a centre, which won't overwrite a save made after it was opened.

    Coordinators edit profiles on the portal at any time; an admin saving a page
    opened earlier would silently undo their work.
    """

    loaded_version = LoadedVersionField(required=False)

    class Meta:
        model = Centre
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets choose them)
        formfield_callback = centre_form_field

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

    def save(self, commit=True):
        mark_model_set_by(self, ModelSetBy.ADMIN)
        return super().save(commit)
