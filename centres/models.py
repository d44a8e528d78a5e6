import re
from datetime import timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models, transaction
from django.db.models import Case, Count, F, Func, IntegerField, Q, Value, When
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from network_portal.text import (
    QUERY_WORD,
    normalise_for_search,
    search_terms,
    searchable_words,
    spelling_key,
    typed_in_russian,
)


def freshness_limit():
    """The oldest «last verified» date that still counts as current."""
    return timezone.localdate() - timedelta(days=settings.PROFILE_FRESHNESS_DAYS)


def validate_plain_url(value):
    """A web address with no user name, password or backslash in it.

    Browsers read «https://evil.example\\@vk.com/» as a page on evil.example,
    while a URL parser sees the host vk.com: a link must lead where it says.
    """
    try:
        parts = urlsplit(value)
    except ValueError:
        return  # not an address at all: URLValidator says so
    if "\\" in value or parts.username is not None or parts.password is not None:
        raise ValidationError(
            _("Enter the address without a user name, a password or a backslash in it."),
            code="tricky_url",
        )


class Level(models.TextChoices):
    REGIONAL = "regional", _("regional resource centre")
    MUNICIPAL = "municipal", _("municipal resource centre")
    PARTNER = "partner", _("partner of the network")


class ModelSetBy(models.TextChoices):
    """Where a centre's organisational model comes from, as its profile says."""

    SOURCE = "source", _("the source names its territory as an example of this model")
    ASSESSMENT = "assessment", _("by the self-assessment")
    PROFILE = "profile", _("set when the profile was edited")
    ADMIN = "admin", _("set by the network's admins")


LEVEL_PLURALS = {
    Level.REGIONAL: _("Regional resource centres"),
    Level.MUNICIPAL: _("Municipal resource centres"),
    Level.PARTNER: _("Partners"),
}


def count_of(queryset):
    """The queryset's number of rows as a one-value queryset, for in_one_query()."""
    return (
        queryset.order_by()
        .annotate(n=Func(template="COUNT(*)", output_field=IntegerField()))
        .values("n")
    )


def in_one_query(**scalars):
    """{name: value} of one-value querysets, read in a single round trip.

    Each is its own subquery, so each can be answered from its own index (a
    count of a few flagged centres reads a small partial index, not the table).
    """
    parts, params = [], []
    for queryset in scalars.values():
        sql, queryset_params = queryset.query.sql_with_params()
        parts.append(f"({sql})")
        params.extend(queryset_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return dict(zip(scalars, cursor.fetchone(), strict=True))


def counts_by_region_and_level(centres):
    """{(region id, level): number of centres}, in one query.

    Grouped by the columns of the index of published centres by region and
    level (Centre.Meta.indexes), so PostgreSQL counts from the index alone.
    """
    rows = (
        centres.order_by()
        .values_list("region_id", "level_rank")
        .annotate(n=Count("*"))
        .values_list("region_id", "level_rank", "n")
    )
    return {(region, Level.values[rank]): n for region, rank, n in rows if rank is not None}


SLUG_PLACEHOLDER = "centre-slug"


@lru_cache(maxsize=16)
def profile_address(script_prefix, urlconf, root_urlconf):
    """A profile's address, reversed once, around its slug: (before, after).

    Keyed by what reverse() depends on; slugs need no quoting (SlugField).
    """
    address = reverse("centres:detail", args=[SLUG_PLACEHOLDER], urlconf=urlconf)
    before, after = address.rsplit(SLUG_PLACEHOLDER, 1)
    return before, after


def profile_url_for():
    """slug -> the profile's address, for the current request's prefix and URLs."""
    before, after = profile_address(get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    return lambda slug: f"{before}{slug}{after}"


class RegionQuerySet(models.QuerySet):
    def for_overview(self):
        """Regions with their published centres counted by level, in two small queries.

        Each region gets `<level>_count` for every level and `total`.
        """
        counts = counts_by_region_and_level(Centre.objects.published())
        regions = list(self.order_by("order", "name"))
        for region in regions:
            for level in Level.values:
                setattr(region, f"{level}_count", counts.get((region.pk, level), 0))
            region.total = sum(counts.get((region.pk, level), 0) for level in Level.values)
        return regions


# «+7 3452 00-00-00 доб. 105»: a municipal office's number and its extension.
PHONE_EXTENSION = re.compile(r"[\s,;]*(?:доб|ext)\.?\s*(\d{1,6})$", re.IGNORECASE)


def split_phone(phone):
    """The number and its extension, '' when it has none."""
    match = PHONE_EXTENSION.search(phone)
    if match is None:
        return phone, ""
    return phone[: match.start()], match.group(1)


def stored_values(instance, fields):
    """The fields as the database holds them for this instance; None before its first save."""
    if instance.pk is None:
        return None
    return type(instance)._base_manager.filter(pk=instance.pk).values(*fields).first()


def own_values(instance, fields):
    return {field: getattr(instance, field) for field in fields}


class Region(models.Model):
    """A constituent entity of the Russian Federation (субъект РФ)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=20, unique=True, help_text=_("As in the source: ТО, ХМАО, …")
    )
    slug = models.SlugField(_("slug"), unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    # What the search documents of its centres hold of a region.
    SEARCHED_FIELDS = ("name", "short_name")

    def save(self, *args, **kwargs):
        searched_before = stored_values(self, self.SEARCHED_FIELDS)
        super().save(*args, **kwargs)
        # The registry sorts centres by their own copy of the region's order,
        # so that its ordering needs no join (see Centre.region_order).
        self.centres.exclude(region_order=self.order).update(region_order=self.order)
        # Their search documents hold the region's names: rewritten when a name changed.
        if searched_before != own_values(self, self.SEARCHED_FIELDS):
            self.centres.rebuild_search_documents()

    def get_registry_url(self):
        return f"{reverse('centres:list')}?region={self.slug}"


class Territory(models.Model):
    """A municipality, district, town or village."""

    class Kind(models.TextChoices):
        CITY = "city", _("town")
        URBAN_OKRUG = "urban_okrug", _("urban okrug")
        DISTRICT = "district", _("district")
        VILLAGE = "village", _("village")
        LOCALITY = "locality", _("locality")

    # How a kind is written before a bare place name; districts and okrugs carry
    # the word in the name itself («Сосновский район»).
    PREFIXES = {Kind.CITY: "г. ", Kind.VILLAGE: "с. "}

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="territories", verbose_name=_("region")
    )
    parent = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("part of"),
        help_text=_("The district a village belongs to, for example."),
    )
    slug = models.SlugField(_("slug"), unique=True)

    class Meta:
        verbose_name = _("municipality or locality")
        verbose_name_plural = _("municipalities and localities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind", "name"], name="unique_territory_in_region"
            )
        ]

    def __str__(self):
        return self.label

    # What the search documents of its centres hold of a place: its label, and its parent's.
    SEARCHED_FIELDS = ("name", "kind", "parent_id")

    def save(self, *args, **kwargs):
        searched_before = stored_values(self, self.SEARCHED_FIELDS)
        super().save(*args, **kwargs)
        # The search documents of its centres, and of its parts' centres, hold its label.
        if searched_before != own_values(self, self.SEARCHED_FIELDS):
            Centre.objects.filter(
                Q(territory=self) | Q(territory__parent=self)
            ).rebuild_search_documents()

    @property
    def label(self):
        """The name as people write it: «г. Тобольск», «с. Казым», «Сосновский район»."""
        return self.PREFIXES.get(self.kind, "") + self.name


# The registry groups centres by region, then level, as the source lists them.
# Both are the centre's own columns, so the order needs no join and an index serves it.
# The id last makes every order total, so pages never share or skip a centre.
REGISTRY_ORDER = ("region_order", "level_rank", "name", "id")
LEVEL_ORDER = ("level_rank", "region_order", "name", "id")
NAME_ORDER = ("name", "id")

# What a list of centres shows (see the centre_items tag and the registry's region headings),
# and the regional centre's id, which a regional centre's list of members is read through.
REGISTRY_COLUMNS = (
    "name", "slug", "level", "name_is_descriptive", "last_verified", "parent",
    "region__name", "region__short_name", "territory__name", "territory__kind",
    "organisational_model__number",
)  # fmt: skip

# A level's place in the network: regional, municipal, partner.
LEVEL_RANK = Case(
    *(When(level=level, then=Value(rank)) for rank, level in enumerate(Level.values)),
    output_field=models.PositiveSmallIntegerField(),
)


def term_condition(term):
    """A search term as a condition on the search document (see searchable_words).

    The marked stem first: a search that matches thousands of centres finds it
    near the start of each document. Each cut form starts with the stem, so
    testing « stem» first changes no result: it spares a document without it
    the test of each form, and gives PostgreSQL's trigram index one more to use.
    A village finds the district named after it (SearchTerm.district_forms).
    """
    if term.whole_word_only:
        return Q(search_document__contains=f" {term.word} ")
    condition = Q(search_document__contains=term.word)
    if term.cut_forms:
        cut = Q(
            *(Q(search_document__contains=f" {form} ") for form in term.cut_forms),
            _connector=Q.OR,
        )
        condition = (Q(search_document__contains=f" {term.stem}") & cut) | condition
    for form in term.district_forms:
        condition |= Q(search_document__contains=f" {form} ")
    if term.stem:
        condition = Q(search_document__contains=f" {term.marked_stem} ") | condition
    return condition


def place_words_by_spelling():
    """The words of every place's and region's name by spelling key, in one query.

    What a query in Latin letters can name: «Tyumen» is «Тюмень»,
    «Khanty-Mansiysk» «Ханты-Мансийск» (see spelling_keys). Places where no
    published centre stands are among them: a reading of a search is offered
    only when it finds published centres.
    """
    names = (
        Territory.objects.order_by()
        .values_list("name")
        .union(
            Region.objects.order_by().values_list("name"),
            Region.objects.order_by().values_list("short_name"),
        )
    )
    words = {word for (name,) in names for word in QUERY_WORD.findall(name)}
    return {spelling_key(word): word for word in sorted(words) if typed_in_russian(word)}


class CentreQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_level_rank(self):
        """The level's place in the network is a column of its own now: kept for callers."""
        return self

    def for_registry(self):
        """Published centres with everything the registry list and its pages show.

        Only the columns a list shows: a page leaves the long texts (the
        description, the search document) and the dates of the row in the database.
        """
        return (
            self.published()
            .select_related("region", "territory", "organisational_model")
            .only(*REGISTRY_COLUMNS)
            .order_by(*REGISTRY_ORDER)
        )

    def for_network_page(self, level):
        """Published centres of one level, by region, for the network's member list.

        Named rows of what the list shows, not centres: the page lists 150.
        """
        return (
            self.published()
            .filter(level_rank=Level.values.index(level))
            .annotate(region_name=F("region__short_name"))
            .order_by(*LEVEL_ORDER)
            .values_list("name", "slug", "name_is_descriptive", "region_name", named=True)
        )

    def for_profile(self):
        return self.published().select_related(
            "region", "territory", "territory__parent", "parent", "organisational_model"
        )

    def search(self, query):
        """Centres whose name, place, address or description hold every word of the query.

        Matching is case-insensitive for Cyrillic (the search document is
        lower-cased in Python) and finds Russian word forms, the same on every
        database: see SearchTerm («в кургане» finds «Курган»). On PostgreSQL a
        trigram index (migration 0011) serves a search that finds few centres; one
        that finds most of them reads the table.
        """
        needle = normalise_for_search(query)
        if not needle:
            return self
        terms = search_terms(needle)
        if not terms:  # no letters or digits: nothing to look for
            return self.none()
        return self.filter(*(term_condition(term) for term in terms))

    def rebuild_search_documents(self):
        """Write these centres' search documents afresh; how many had changed.

        A centre's save writes its own. Each centre is locked until the end of
        the transaction, so that a profile saved meanwhile is not overwritten.
        """
        changed = []
        centres = self.select_related("region", "territory", "territory__parent")
        with transaction.atomic(using=self.db):
            locked = centres.select_for_update(of=("self",)).order_by("pk")
            for centre in locked.iterator(chunk_size=500):
                document = centre.build_search_document()
                if document != centre.search_document:
                    centre.search_document = document
                    changed.append(centre)
            self.model.objects.bulk_update(changed, ["search_document"], batch_size=500)
        return len(changed)

    def needing_update(self):
        """Centres whose profile was not confirmed recently, or never."""
        return self.filter(Q(last_verified=None) | Q(last_verified__lt=freshness_limit()))

    def never_confirmed(self):
        return self.filter(last_verified=None)

    def confirmed_too_long_ago(self):
        return self.filter(last_verified__lt=freshness_limit())

    def coordinated_by(self, user):
        """The centres this user coordinates, for /my/."""
        return (
            self.filter(coordinators=user)
            .select_related("region", "territory")
            .order_by(*REGISTRY_ORDER)
        )

    def portal_readings(self):
        """How many centres still carry what the portal added to the source.

        One-value querysets, for in_one_query(); each counts from a partial index
        of the flagged centres (Centre.Meta.indexes).
        """
        return {
            "descriptive_names": count_of(self.filter(name_is_descriptive=True)),
            "unconfirmed_links": count_of(
                self.filter(parent__isnull=False, parent_confirmed=False)
            ),
        }

    def level_counts(self):
        """{level: number of centres, "total": all of them}, computed in one query."""
        # Grouped by rank, which indexes of published centres hold (see Meta.indexes).
        rows = self.order_by().values_list("level_rank").annotate(n=Count("*"))
        by_rank = dict(rows.values_list("level_rank", "n"))
        counts = {level: by_rank.get(rank, 0) for rank, level in enumerate(Level.values)}
        counts["total"] = sum(by_rank.values())
        return counts


class Centre(models.Model):
    """A member of the network: a resource centre or a partner."""

    Level = Level

    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, db_index=True)
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="centres", verbose_name=_("region")
    )
    territory = models.ForeignKey(
        Territory,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="centres",
        verbose_name=_("territory"),
    )
    name_is_descriptive = models.BooleanField(
        _("the name is descriptive"),
        default=False,
        help_text=_(
            "The name describes the place («Муниципальный ресурсный центр, г. Тобольск»): the "
            "source names places, not organisations. Cleared when someone changes the name in "
            "the profile form."
        ),
    )
    parent = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"level": Level.REGIONAL},
        verbose_name=_("regional centre"),
        help_text=_("The regional resource centre this centre works with."),
    )
    parent_confirmed = models.BooleanField(
        _("link to the regional centre confirmed"),
        default=False,
        help_text=_(
            "The source only groups centres by region. Until an admin confirms the link, the "
            "profile calls it the portal's reading of that grouping."
        ),
    )
    organisational_model = models.ForeignKey(
        "models_catalog.OrganisationalModel",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="centres",
        verbose_name=_("organisational model"),
    )
    organisational_model_set_by = models.CharField(
        _("where the organisational model comes from"),
        max_length=20,
        choices=ModelSetBy.choices,
        blank=True,
        # Follows the model: set by whatever sets the model, never edited on its own.
        editable=False,
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=5000,
        help_text=_("Plain text; line breaks are kept. Up to 5,000 characters."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True, validators=[validate_plain_url])
    vk_url = models.URLField(_("VK page"), blank=True, validators=[validate_plain_url])
    telegram_url = models.URLField(
        _("Telegram channel"),
        blank=True,
        validators=[validate_plain_url],
        help_text=_("The channel's address, or its name: @name."),
    )
    ok_url = models.URLField(_("Odnoklassniki page"), blank=True, validators=[validate_plain_url])
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    last_verified = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("When the profile was last confirmed as current."),
    )
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Unpublished centres appear nowhere public.")
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_centres",
        verbose_name=_("coordinators"),
        help_text=_("People who may edit this centre's profile."),
    )
    version = models.PositiveIntegerField(
        _("version"), default=0, editable=False, help_text=_("Grows with every save.")
    )
    search_document = models.TextField(editable=False, default="")
    # The registry's order, on the centre's own row so an index serves it:
    # a copy of the region's order (kept by save() here and by Region.save())
    # and the level's rank, computed by the database on every write.
    region_order = models.PositiveSmallIntegerField(
        _("order of the region"), editable=False, default=0
    )
    level_rank = models.GeneratedField(
        verbose_name=_("rank of the level"),
        expression=LEVEL_RANK,
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = CentreQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["search_document", "updated", "region_order", "level_rank"],
        verbose_name=_("profile version"),
        verbose_name_plural=_("profile versions"),
    )

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="centre_not_its_own_parent"
            )
        ]
        # The registry's three orders over its published centres, and its counts.
        indexes = [
            models.Index(
                fields=REGISTRY_ORDER, condition=Q(is_published=True), name="centre_registry_order"
            ),
            models.Index(
                fields=LEVEL_ORDER, condition=Q(is_published=True), name="centre_level_order"
            ),
            models.Index(
                fields=NAME_ORDER, condition=Q(is_published=True), name="centre_name_order"
            ),
            # A region's centres by name: the registry filtered by region and sorted by name.
            models.Index(
                fields=["region", *NAME_ORDER],
                condition=Q(is_published=True),
                name="centre_region_name_order",
            ),
            # The overview's counts by region and level.
            models.Index(
                fields=["region", "level_rank"],
                condition=Q(is_published=True),
                name="centre_region_level",
            ),
            # The about page's counts of what the portal added, each from the few
            # centres that still carry it.
            models.Index(
                fields=["id"],
                condition=Q(is_published=True, name_is_descriptive=True),
                name="centre_descriptive_name",
            ),
            models.Index(
                fields=["id"],
                condition=Q(is_published=True, parent__isnull=False, parent_confirmed=False),
                name="centre_unconfirmed_link",
            ),
            # The catalogue's count of centres per model.
            models.Index(
                fields=["organisational_model", "id"],
                condition=Q(is_published=True),
                name="centre_model",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Every save bumps the version, so an editor who loaded an older one
        # can be told someone else saved in between (see centres.editing).
        self.version += 1
        self.search_document = self.build_search_document()
        if self.region_id:
            self.region_order = self.region.order
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "search_document",
                "version",
                "region_order",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # A list of 150 centres would reverse 150 times; the address differs only by slug.
        return profile_url_for()(self.slug)

    def build_search_document(self):
        parts = [self.name, self.get_level_display(), self.address, self.description]
        if self.region_id:
            parts += [self.region.name, self.region.short_name]
        if self.territory_id:
            parts.append(self.territory.label)
            if self.territory.parent_id:
                parts.append(self.territory.parent.label)
        return searchable_words(" ".join(str(part) for part in parts if part))

    @property
    def public_parent(self):
        """The regional centre, when the public may see it."""
        parent = self.parent
        return parent if parent is not None and parent.is_published else None

    @property
    def needs_update(self):
        """Not confirmed as current for PROFILE_FRESHNESS_DAYS, or never."""
        return self.last_verified is None or self.last_verified < freshness_limit()

    @property
    def never_confirmed(self):
        return self.last_verified is None

    @property
    def phone_uri(self):
        """The phone as a tel: link; an extension is dialled after a pause («,»)."""
        number, extension = split_phone(self.phone)
        uri = "tel:" + re.sub(r"[^\d+]", "", number)
        return f"{uri},{extension}" if extension else uri

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    def profile_checklist(self):
        """The recommended parts of a profile, each with whether it is filled."""
        return [
            (_("description"), bool(self.description.strip())),
            (_("address"), bool(self.address.strip())),
            (_("phone"), bool(self.phone.strip())),
            (_("e-mail"), bool(self.email)),
            (_("website"), bool(self.website)),
            (
                _("a social network or messenger"),
                any([self.vk_url, self.telegram_url, self.ok_url]),
            ),
            (_("location on the map"), self.has_coordinates),
            (_("territory"), self.territory_id is not None),
        ]

    @property
    def completeness(self):
        """Share of recommended profile parts that are filled, in whole percent."""
        checklist = self.profile_checklist()
        filled = sum(1 for _label, done in checklist if done)
        return round(100 * filled / len(checklist))

    @property
    def missing_fields(self):
        return [label for label, done in self.profile_checklist() if not done]
