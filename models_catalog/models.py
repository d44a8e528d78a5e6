from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class OrganisationalModel(models.Model):
    """One of the four ways a municipality can organise support for NGOs."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, help_text=_("1 to 4, as in the source document.")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)

    class Meta:
        verbose_name = _("organisational model")
        verbose_name_plural = _("organisational models")
        ordering = ["number"]

    def __str__(self):
        return _("Model %(number)s: %(name)s") % {"number": self.number, "name": self.name}

    def get_registry_url(self):
        return f"{reverse('centres:list')}?model={self.number}"


class Definition(models.Model):
    """A term the network defines: resource centre, centre for public development."""

    slug = models.SlugField(_("slug"), unique=True)
    term = models.CharField(_("term"), max_length=200)
    text = models.TextField(_("definition"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("definition")
        verbose_name_plural = _("definitions")
        ordering = ["order", "term"]

    def __str__(self):
        return self.term
