"""The demo's reference data: sites, staff, the physicians' admin group, protocols, the
medication catalog and patients. Every function here is safe to run again."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from clinic.models import Medication, Patient, PatientMedication, Site, StaffMembership
from sessions.models import Protocol
from sessions.services.guards import audited

from . import catalog


def ensure_sites() -> dict[str, Site]:
    sites = {}
    for spec in catalog.SITES:
        site, _ = Site.objects.get_or_create(code=spec["code"], defaults={k: v for k, v in spec.items() if k != "code"})
        sites[site.code] = site
    return sites


def ensure_users(sites: dict[str, Site]) -> dict[str, object]:
    """Create the demo users (password set only when created) and their memberships."""
    User = get_user_model()
    users = {}
    for spec in catalog.USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=f"{spec.username}@example.org",
                is_staff=spec.is_staff,
                is_superuser=spec.is_superuser,
            )
            user.set_password(catalog.PASSWORD)
            user.save()
        for site_code, role in spec.memberships:
            StaffMembership.objects.get_or_create(user=user, site=sites[site_code], role=role)
        users[spec.username] = user
    return users


def ensure_physicians_group(users: dict[str, object]) -> Group:
    """View everything clinical in the Django admin, and add/change alert rules."""
    group, _ = Group.objects.get_or_create(name=catalog.PHYSICIANS_GROUP)
    permissions = Permission.objects.filter(
        Q(content_type__app_label__in=("clinic", "infusions"), codename__startswith="view_")
        | Q(content_type__app_label="infusions", codename__in=("add_alertrule", "change_alertrule"))
    )
    group.permissions.add(*permissions)
    for spec in catalog.USERS:
        if spec.physicians_group:
            users[spec.username].groups.add(group)
    return group


def ensure_protocols() -> dict[str, Protocol]:
    protocols = {}
    for spec in catalog.PROTOCOLS:
        protocol, _ = Protocol.objects.get_or_create(
            name=spec["name"], defaults={k: v for k, v in spec.items() if k != "name"}
        )
        protocols[protocol.name] = protocol
    return protocols


def ensure_medications() -> dict[str, Medication]:
    medications = {}
    for name, drug_class, note in catalog.MEDICATIONS:
        medication, _ = Medication.objects.get_or_create(
            name=name, defaults={"drug_class": drug_class, "interaction_note": note}
        )
        medications[name] = medication
    return medications


def create_patients(sites, medications, *, today: datetime.date, by) -> dict[str, Patient]:
    """The demo patients and their current medicines (the caller checks they are not there yet)."""
    patients = {}
    for spec in catalog.PATIENTS:
        site = sites[spec.site]
        patient = Patient(
            site=site,
            mrn=spec.mrn,
            given_name=spec.given_name,
            family_name=spec.family_name,
            date_of_birth=spec.date_of_birth,
            allergies=spec.allergies,
            notes=spec.notes,
        )
        patient.full_clean()
        audited(patient, by).save()
        for position, (name, dose) in enumerate(spec.medications):
            audited(
                PatientMedication(
                    site=site,
                    patient=patient,
                    medication=medications[name],
                    dose=dose,
                    started_on=today - datetime.timedelta(days=120 + 90 * position),
                ),
                by,
            ).save()
        patients[spec.mrn] = patient
    return patients
