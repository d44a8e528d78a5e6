import factory
from django.contrib.auth import get_user_model

from centres.models import Centre, Level, Region, Territory
from models_catalog.models import OrganisationalModel


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    class Meta:
        model = get_user_model()


class RegionFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Тестовая область {n}")
    short_name = factory.Sequence(lambda n: f"Т{n}")
    slug = factory.Sequence(lambda n: f"test-region-{n}")
    order = factory.Sequence(lambda n: 100 + n)

    class Meta:
        model = Region


class TerritoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Городок {n}")
    kind = Territory.Kind.CITY
    region = factory.SubFactory(RegionFactory)
    slug = factory.Sequence(lambda n: f"test-town-{n}")

    class Meta:
        model = Territory


class OrganisationalModelFactory(factory.django.DjangoModelFactory):
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Модель {n + 1}")
    slug = factory.Sequence(lambda n: f"model-{n + 1}")

    class Meta:
        model = OrganisationalModel
        django_get_or_create = ["number"]


class CentreFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Ресурсный центр № {n}")
    slug = factory.Sequence(lambda n: f"centre-{n}")
    level = Level.MUNICIPAL
    territory = factory.SubFactory(TerritoryFactory)
    region = factory.SelfAttribute("territory.region")
    latitude = "57.15300"
    longitude = "65.53430"

    class Meta:
        model = Centre
