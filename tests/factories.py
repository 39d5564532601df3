"""factory-boy factories for the domain; services are used for anything with rules attached."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from clinic.models import Medication, Patient, PatientMedication, Site, StaffMembership
from sessions.models import AlertRule, Protocol

PASSWORD = "correct-horse-battery"


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Site {n}")
    code = factory.Sequence(lambda n: f"site-{n}")
    timezone = "America/New_York"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


def staff(role: str, site: Site, **kwargs):
    user = UserFactory(**kwargs)
    StaffMembership.objects.create(user=user, site=site, role=role)
    return user


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    site = factory.SubFactory(SiteFactory)
    mrn = factory.Sequence(lambda n: f"MRN{n:06d}")
    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    date_of_birth = datetime.date(1980, 5, 17)


class MedicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Medication
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Medication {n}")
    drug_class = "ssri"


class PatientMedicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatientMedication

    patient = factory.SubFactory(PatientFactory)
    site = factory.SelfAttribute("patient.site")
    medication = factory.SubFactory(MedicationFactory)


class ProtocolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Protocol
        django_get_or_create = ("name",)

    name = "IV ketamine 0.5 mg/kg over 40 min"
    drug = Protocol.Drug.KETAMINE
    route = Protocol.Route.IV
    dose_rule = Protocol.DoseRule.PER_KG
    dose_mg_per_kg = Decimal("0.5")
    infusion_minutes = 40
    infusion_interval_minutes = 10
    observation_interval_minutes = 15
    min_observation_minutes = 60
    overdue_grace_minutes = 5


class EsketamineProtocolFactory(ProtocolFactory):
    name = "Esketamine nasal 56 mg / 84 mg"
    drug = Protocol.Drug.ESKETAMINE
    route = Protocol.Route.INTRANASAL
    dose_rule = Protocol.DoseRule.FIXED
    dose_mg_per_kg = None
    fixed_doses_mg = [56, 84]
    infusion_minutes = 0
    observation_interval_minutes = 20
    min_observation_minutes = 120


class AlertRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlertRule

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Rule {n}")
    metric = "systolic"
    comparator = "gt"
    threshold = Decimal("180")
    severity = "critical"
