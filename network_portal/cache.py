"""Public pages, rendered once and served from the cache until what they show changes.

What a page shows is named by scopes: the registry, one centre's profile, one
survey, the catalogue, the progress pages… Each scope has its own generation
in the cache; a page is cached under the generations of the scopes it shows
(PAGE_SCOPES, by URL name), and a write replaces the generations of the scopes
it touches once it is committed. So a change is visible on the next request,
in every worker and on every app server sharing the cache, while the pages
that do not show it stay cached.

The cached path costs two cache round trips: one `get_many` for the page's
generations, one `get` for the page.
"""

import hashlib
import re
import threading
import uuid
from dataclasses import dataclass, field
from functools import partial, wraps

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import HttpResponseNotAllowed
from django.utils.translation import get_language

# After "portal:page:" in key order: the database cache culls its first keys when
# full, and a page is cheaper to lose than a generation, which every page reads.
GENERATION_PREFIX = "portal:version:"

# Every page shows the site: replacing its generation makes every cached page stale.
SITE = "site"
# Replaced by every write: pages missing from PAGE_SCOPES (a view added since) depend on it.
ANY = "any"
# Every page that lists centres or counts them: list, map, CSV, home, /network/, models.
REGISTRY = "registry"
# Every profile, for a write that shows on many (a characteristic's text, hundreds of
# centres at once).
PROFILES = "profiles"
# The models, the network's texts, definitions, characteristics.
CATALOGUE = "catalogue"
# The self-assessment progress of the network (and its CSV).
PROGRESS = "progress"
# Every survey's pages: their questionnaires, titles, and the centres their filters
# and response rates count.
SURVEYS = "surveys"
# The /surveys/ list, which counts each survey's responses.
SURVEY_LIST = "survey-list"
# Any survey's responses, for the pages that count them across surveys (/about/).
ANSWERS = "answers"
# When each profile last changed, for the sitemap's dates: every save of a centre.
CENTRE_DATES = "centre-dates"

SLUG = re.compile(r"[-\w]{1,100}", re.ASCII)


def centre_scope(slug):
    """One centre's profile."""
    return f"centre:{slug}"


def survey_scope(slug):
    """One survey's results, its CSV and XLSX, and the pages comparing with it."""
    return f"survey:{slug}"


def _from_url(kwarg, scope):
    def scopes(request):
        slug = request.resolver_match.kwargs.get(kwarg, "")
        return [scope(slug)] if SLUG.fullmatch(slug) else []

    return scopes


def _compared_surveys(request):
    # The page compares with one survey, the last `compare` given (as the form reads
    # it); more values in the query string add no scopes.
    slug = request.GET.get("compare", "")
    return [survey_scope(slug)] if SLUG.fullmatch(slug) else []


# URL name → the scopes the page shows, fixed ones and ones read from the request.
PAGE_SCOPES = {
    "home": [REGISTRY, CATALOGUE],
    "about": [REGISTRY, CATALOGUE, ANSWERS],
    "centres:list": [REGISTRY],
    "centres:export_csv": [REGISTRY],
    "centres:geojson": [REGISTRY],
    # A profile shows its parent's and its members' names: their writes touch it too.
    "centres:detail": [PROFILES, _from_url("slug", centre_scope)],
    "models_catalog:list": [CATALOGUE, REGISTRY],
    "models_catalog:detail": [CATALOGUE, REGISTRY],
    "models_catalog:compare": [CATALOGUE],
    "models_catalog:network": [CATALOGUE, REGISTRY],
    "models_catalog:self_assessment": [CATALOGUE, REGISTRY],
    "models_catalog:progress": [CATALOGUE, PROGRESS],
    "models_catalog:progress_csv": [CATALOGUE, PROGRESS],
    "surveys:list": [SURVEYS, SURVEY_LIST],
    "surveys:detail": [SURVEYS, _from_url("slug", survey_scope), _compared_surveys],
    "surveys:results_csv": [SURVEYS, _from_url("slug", survey_scope)],
    "surveys:results_xlsx": [SURVEYS, _from_url("slug", survey_scope)],
    # Published centres (with the dates they changed), models and surveys: the index
    # and its sections.
    "sitemap": [REGISTRY, CENTRE_DATES, CATALOGUE, SURVEYS],
    "sitemap_section": [REGISTRY, CENTRE_DATES, CATALOGUE, SURVEYS],
}


def page_scopes(request):
    """The scopes this request's page shows, SITE first."""
    match = getattr(request, "resolver_match", None)
    declared = PAGE_SCOPES.get(match.view_name) if match else None
    if declared is None:
        return [SITE, ANY]
    scopes = [SITE]
    for scope in declared:
        scopes.extend(scope(request) if callable(scope) else [scope])
    return scopes


def generations(scopes):
    """The current generation of each scope, and the new ones, in one cache round trip.

    A scope without one (never written to, or evicted) gets a new one, which the
    caller keeps only with a page it caches: a request for a page that does not
    exist (a made-up slug) leaves nothing in the cache.
    """
    keys = [GENERATION_PREFIX + scope for scope in scopes]
    found = cache.get_many(keys)
    new = {key: uuid.uuid4().hex for key in keys if key not in found}
    return [found.get(key) or new[key] for key in keys], new


def replace_generations(scopes):
    """Make every cached page that shows one of these scopes stale, in one round trip."""
    cache.set_many(
        {GENERATION_PREFIX + scope: uuid.uuid4().hex for scope in {*scopes, ANY}}, timeout=None
    )


# What the writes of a transaction touched, gathered per thread and database until
# the commit. Surveys and centres are gathered by id and named by slug at the
# commit, in one query each, however many rows the transaction wrote.
_pending = threading.local()

# Beyond this many rows (a survey deleted with its answers, a regional centre with
# many members), refresh every page of their kind rather than name each one: one
# generation to write instead of hundreds (each a few queries on the database cache).
MANY = 50


@dataclass
class Touched:
    scopes: set = field(default_factory=set)
    surveys: set = field(default_factory=set)  # survey ids
    responses: set = field(default_factory=set)  # response ids, for their surveys
    centres: set = field(default_factory=set)  # centre ids, for their profiles
    members_of: set = field(default_factory=set)  # centre ids, for their members' profiles

    def limit(self):
        if len(self.surveys) + len(self.responses) > MANY:
            self.scopes |= {SURVEYS, SURVEY_LIST, ANSWERS}
            self.surveys.clear()
            self.responses.clear()
        if len(self.centres) + len(self.members_of) > MANY:
            self.scopes |= {PROFILES}
            self.centres.clear()
            self.members_of.clear()


def touch(*scopes, surveys=(), responses=(), centres=(), members_of=(), using=None):
    """Replace the generations of these scopes once the current transaction commits.

    Waiting for the commit keeps a request that runs meanwhile from caching the
    old content under the new generation. A transaction rolled back leaves its
    scopes gathered; the next commit replaces them too, which costs only a miss.
    """
    using = using or DEFAULT_DB_ALIAS
    touched = getattr(_pending, using, None)
    if touched is None:
        touched = Touched()
        setattr(_pending, using, touched)
    touched.scopes.update(scopes)
    touched.surveys.update(surveys)
    touched.responses.update(responses)
    touched.centres.update(centres)
    touched.members_of.update(members_of)
    touched.limit()
    # Each write's callback replaces all that was gathered; the ones after find nothing.
    transaction.on_commit(partial(flush, using), using=using)


def flush(using=DEFAULT_DB_ALIAS):
    """Replace the generations gathered so far."""
    touched = getattr(_pending, using, None)
    if touched is None:
        return
    delattr(_pending, using)
    from centres.models import Centre
    from surveys.models import Survey

    scopes = set(touched.scopes)
    survey_ids = set(touched.surveys)
    if touched.responses:
        survey_ids.update(
            Survey.objects.using(using)
            .filter(responses__in=touched.responses)
            .values_list("pk", flat=True)
        )
    if survey_ids:
        surveys = Survey.objects.using(using).filter(pk__in=survey_ids)
        scopes.update(survey_scope(slug) for slug in surveys.values_list("slug", flat=True))
    if touched.centres or touched.members_of:
        centres = Centre.objects.using(using).filter(
            Q(pk__in=touched.centres) | Q(parent__in=touched.members_of)
        )
        slugs = list(centres.values_list("slug", flat=True)[: MANY + 1])
        if len(slugs) > MANY:  # a regional centre with many members: every profile
            scopes.add(PROFILES)
        else:
            scopes.update(centre_scope(slug) for slug in slugs)
    replace_generations(scopes)


def content_changed(*args, **kwargs):
    """Make every cached page stale once the change is committed.

    For writes that send no signals and touch anything (seed_network).
    """
    touch(SITE)


def answers_changed(survey):
    """A survey's answers changed in bulk (bulk_create sends no signal): its pages are stale."""
    touch(SURVEY_LIST, ANSWERS, surveys=[survey.pk])


# A centre's fields, by the pages that show them. Fields not listed (the version,
# the search document, the update time) follow others.
CENTRE_FIELDS = [
    "name", "slug", "level", "region_id", "territory_id", "name_is_descriptive", "parent_id",
    "parent_confirmed", "organisational_model_id", "organisational_model_set_by",
    "description", "address", "phone", "email", "website", "vk_url", "telegram_url", "ok_url",
    "latitude", "longitude", "last_verified", "is_published",
]  # fmt: skip
# Shown on its own profile only.
PROFILE_ONLY = {"organisational_model_set_by"}
# Shown on its parent's list of members, or on its members' profiles.
SHOWN_BY_NEIGHBOURS = {
    "name", "slug", "level", "region_id", "territory_id", "name_is_descriptive", "parent_id",
    "parent_confirmed", "organisational_model_id", "is_published",
}  # fmt: skip
# What survey filters, response rates and the progress page count centres by.
CLASSIFICATION = {"level", "region_id", "organisational_model_id", "is_published"}


def centre_loaded(sender, instance, raw=False, using=None, **kwargs):
    """Before a centre is saved, read what it was: the pages to refresh depend on the change."""
    if raw or instance.pk is None:
        instance._shown_before = None
        return
    instance._shown_before = (
        sender._base_manager.using(using).filter(pk=instance.pk).values(*CENTRE_FIELDS).first()
    )


def centre_saved(sender, instance, created=False, raw=False, using=None, **kwargs):
    """Its profile; the registry unless only what its profile alone shows changed; the
    profiles that name it; the survey and progress pages when it moves to another
    level, region or model, or in or out of the published registry."""
    before = getattr(instance, "_shown_before", None)
    instance._shown_before = None
    if created or raw or before is None:
        changed = set(CENTRE_FIELDS)
    else:
        changed = {name for name in CENTRE_FIELDS if getattr(instance, name) != before[name]}
    scopes, centres = [centre_scope(instance.slug), CENTRE_DATES], set()
    if changed - PROFILE_ONLY:
        scopes.append(REGISTRY)
    if changed & SHOWN_BY_NEIGHBOURS:
        if before is not None:
            scopes.append(centre_scope(before["slug"]))
            centres.add(before["parent_id"])
        centres.add(instance.parent_id)
    if changed & CLASSIFICATION:
        scopes += [SURVEYS, PROGRESS]
    members_of = [instance.pk] if changed & SHOWN_BY_NEIGHBOURS else []
    touch(*scopes, centres=centres - {None}, members_of=members_of, using=using)


def centre_deleting(sender, instance, using=None, **kwargs):
    # Its members lose their parent before post_delete: name them now.
    members = sender._base_manager.using(using).filter(parent=instance.pk)
    scopes = [centre_scope(slug) for slug in members.values_list("slug", flat=True)]
    touch(
        REGISTRY,
        SURVEYS,
        PROGRESS,
        centre_scope(instance.slug),
        *scopes,
        centres=[instance.parent_id] if instance.parent_id else [],
        using=using,
    )


def response_written(sender, instance, using=None, **kwargs):
    touch(SURVEY_LIST, ANSWERS, surveys=[instance.survey_id], using=using)


def choice_written(sender, instance, using=None, **kwargs):
    touch(responses=[instance.response_id], using=using)


def answers_linked(sender, instance, action, reverse, pk_set, using=None, **kwargs):
    """Response.options changed (through Choice)."""
    if not action.startswith("post_"):
        return
    if not reverse:
        touch(surveys=[instance.survey_id], using=using)
    elif pk_set:
        touch(responses=pk_set, using=using)
    else:  # an option cleared of every response
        touch(SURVEYS, SURVEY_LIST, using=using)


def assessment_written(sender, instance, using=None, **kwargs):
    touch(PROGRESS, centres=[instance.centre_id], using=using)


def assessment_linked(sender, instance, action, reverse, using=None, **kwargs):
    """SavedAssessment.characteristics changed."""
    if not action.startswith("post_"):
        return
    if reverse:  # from a characteristic's side: whose profiles, not worth a query
        touch(PROGRESS, PROFILES, using=using)
    else:
        touch(PROGRESS, centres=[instance.centre_id], using=using)


def scopes_receiver(*scopes):
    def receiver(sender, using=None, **kwargs):
        if kwargs.get("action", "post_").startswith("post_"):
            touch(*scopes, using=using)

    return receiver


def ignore(*args, **kwargs):
    pass


touch_site = scopes_receiver(SITE)
touch_catalogue = scopes_receiver(CATALOGUE)
touch_characteristics = scopes_receiver(CATALOGUE, PROFILES)
touch_surveys = scopes_receiver(SURVEYS, SURVEY_LIST, ANSWERS)

# Model label → receivers of its post_save and post_delete (and pre_save,
# pre_delete where the change depends on what the row was). A model not
# listed (one added since) makes every page stale.
MODEL_RECEIVERS = {
    "centres.Centre": {
        pre_save: centre_loaded,
        post_save: centre_saved,
        pre_delete: centre_deleting,
    },
    # A profile's versions are shown to its editors only.
    "centres.HistoricalCentre": {},
    # Regions and territories are on every page that shows a centre.
    "centres.Region": {post_save: touch_site, post_delete: touch_site},
    "centres.Territory": {post_save: touch_site, post_delete: touch_site},
    # A model's name is on profiles, the registry's filter, survey filters: everywhere.
    "models_catalog.OrganisationalModel": {post_save: touch_site, post_delete: touch_site},
    # The catalogue's pages, the home page (definitions) and /about/.
    **dict.fromkeys(
        [
            "models_catalog.Point",
            "models_catalog.Example",
            "models_catalog.Definition",
            "models_catalog.InteractionForm",
            "models_catalog.InteractionPurpose",
            "models_catalog.NetworkEffect",
            "models_catalog.TransformationStep",
        ],
        {post_save: touch_catalogue, post_delete: touch_catalogue},
    ),
    # A profile's history of self-assessments names the characteristics gained and lost.
    "models_catalog.Characteristic": {
        post_save: touch_characteristics,
        post_delete: touch_characteristics,
    },
    "models_catalog.SavedAssessment": {
        post_save: assessment_written,
        post_delete: assessment_written,
    },
    "surveys.Survey": {post_save: touch_surveys, post_delete: touch_surveys},
    # The questionnaire: rare admin edits; every survey page, rather than a query each.
    "surveys.Question": {post_save: touch_surveys, post_delete: touch_surveys},
    "surveys.Option": {post_save: touch_surveys, post_delete: touch_surveys},
    "surveys.Response": {post_save: response_written, post_delete: response_written},
    "surveys.Choice": {post_save: choice_written, post_delete: choice_written},
    # An upload waiting for its preview to be confirmed is not public.
    "surveys.PendingImport": {},
    # Kept counts follow the answers, assessments and centres, whose writes refresh the
    # pages; left unwatched, their bulk deletes stay single queries.
    "surveys.ResponseTally": {},
    "surveys.Tally": {},
    "models_catalog.ProgressEntry": {},
    "models_catalog.ProgressCount": {},
}

# Through model label of a many-to-many field → receiver of its m2m_changed.
M2M_RECEIVERS = {
    # Coordinators are shown to signed-in people only, who get fresh pages.
    "centres.Centre_coordinators": ignore,
    "surveys.Choice": answers_linked,
    "models_catalog.SavedAssessment_characteristics": assessment_linked,
}


def receivers_for(model):
    return MODEL_RECEIVERS.get(model._meta.label, {post_save: touch_site, post_delete: touch_site})


# The apps whose models are watched; other apps' links (a user's groups) show on no
# public page.
watched_apps = set()


def m2m_written(sender, **kwargs):
    """A link between rows changed; `sender` is the through model."""
    receiver = M2M_RECEIVERS.get(sender._meta.label)
    if receiver is None:
        receiver = touch_site if sender._meta.app_label in watched_apps else ignore
    receiver(sender, **kwargs)


def watch_models(models):
    """Refresh the pages that show these models whenever one of them is written."""
    names = {pre_save: "pre-save", post_save: "save", pre_delete: "pre-delete"}
    for model in models:
        watched_apps.add(model._meta.app_label)
        for signal, receiver in receivers_for(model).items():
            name = names.get(signal, "delete")
            uid = f"portal-pages-{model._meta.label}-{name}"
            signal.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
    m2m_changed.connect(m2m_written, dispatch_uid="portal-pages-m2m")


def cache_public_page(view):
    """A public page: read with GET or HEAD (405 otherwise), anonymous GETs served from the cache.

    Signed-in people see their own navigation and editing links, so they always
    get a fresh page; so does anyone with a message waiting to be shown.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if (
            settings.PAGE_CACHE_SECONDS <= 0
            or request.method != "GET"
            or "messages" in request.COOKIES
            or request.user.is_authenticated
        ):
            return view(request, *args, **kwargs)
        current, new = generations(page_scopes(request))
        # Scheme and host are part of the key: a page may show its own full address.
        path = (
            f"{'|'.join(current)}|{get_language()}|"
            f"{request.scheme}://{request.get_host()}|{request.get_full_path()}"
        )
        key = "portal:page:" + hashlib.sha256(path.encode()).hexdigest()
        response = None if new else cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                if new:
                    cache.set_many(new, timeout=None)
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    wrapper.cached_page = True
    return wrapper
