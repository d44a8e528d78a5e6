"""Paging through the registry: deep pages find their ids on the order index first."""

from django.core.paginator import Paginator

from .models import Centre


class PortalPaginator(Paginator):
    """Django's paging, with a page number below 1 read as the first page, not the last."""

    def get_page(self, number):
        try:
            below_first = int(number) < 1
        except (TypeError, ValueError, OverflowError):
            below_first = False
        return super().get_page(1 if below_first else number)


class RegistryPaginator(PortalPaginator):
    """Pages through the registry; a deep page finds its centres on the order index alone.

    A page's query joins each centre's region, territory and model. Near the
    start that costs less than a second query would; skipping to page 300 it
    would join them for the 6,000 centres before the page too. There the page's
    ids come from the narrow index of its order (LIMIT and OFFSET), and one
    query loads those centres with their relations.

    The same query loads the last centre of the page before, as `page.before`
    (None on the first page): the registry heads a region that page began as
    continued.
    """

    # Centres skipped before a page's ids are looked up first: ten pages of the registry.
    DEEP_FROM = 200

    def page_rows(self):
        """The centres with everything a page shows, before choosing the page's ones."""
        return Centre.objects.for_registry()

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        start = max(bottom - 1, 0)
        centres = self.object_list[start:top]
        if bottom >= self.DEEP_FROM:
            ids = centres.values("pk")
            centres = self.page_rows().filter(pk__in=ids).order_by(*centres.query.order_by)
        centres = list(centres)
        page = self._get_page(centres[bottom - start :], number, self)
        # None too when centres were unpublished since the count: the page is empty.
        page.before = centres[0] if bottom and centres else None
        return page
