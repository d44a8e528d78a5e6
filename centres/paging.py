"""Paging through the registry: deep pages find their ids on the order index first."""

from django.core.paginator import Paginator

from .models import Centre


class RegistryPaginator(Paginator):
    """Pages through the registry; a deep page finds its centres on the order index alone.

    A page's query joins each centre's region, territory and model. Near the
    start that costs less than a second query would; skipping to page 300 it
    would join them for the 6,000 centres before the page too. There the page's
    ids come from the narrow index of its order (LIMIT and OFFSET), and one
    query loads those centres with their relations.
    """

    # Centres skipped before a page's ids are looked up first: ten pages of the registry.
    DEEP_FROM = 200

    def page_rows(self):
        """The centres with everything a page shows, before choosing the page's ones."""
        return Centre.objects.for_registry()

    def _get_page(self, object_list, *args, **kwargs):
        if object_list.query.low_mark >= self.DEEP_FROM:
            order = object_list.query.order_by
            ids = object_list.values("pk")
            object_list = self.page_rows().filter(pk__in=ids).order_by(*order)
        return super()._get_page(object_list, *args, **kwargs)
