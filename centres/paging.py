"""Paging through the registry: the page's ids from the index of its order, then its rows."""

from django.core.paginator import Paginator

from .models import Centre


class RegistryPaginator(Paginator):
    """Pages through the registry on its index alone, then loads the page's centres.

    Skipping to page 300 joins no region, territory or model for the 6,000
    centres before it: the page's ids come from the narrow index of its order
    (LIMIT and OFFSET), and one query loads those centres with their relations.
    """

    def page_rows(self):
        """The centres with everything a page shows, before choosing the page's ones."""
        return Centre.objects.for_registry()

    def _get_page(self, object_list, *args, **kwargs):
        order = object_list.query.order_by
        rows = self.page_rows().filter(pk__in=object_list.values("pk")).order_by(*order)
        return super()._get_page(rows, *args, **kwargs)
