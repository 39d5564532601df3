"""Demo data for `make run`: two sites in different timezones, staff logins, protocols, the
medication catalog, patients, default alert rules, weeks of signed history and two sessions
in progress today.

Reference data is created only where missing; patients and history are created once (when the
Riverside site has no patients yet), so running it again changes nothing. The history is
charted through `sessions.services`, with a seeded random generator, so it is the same on
every fresh database except for the dates, which are relative to today.
"""

import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from clinic.models import Patient, Role, StaffMembership
from sessions.models import Alert, InfusionSession
from sessions.services.default_rules import load_default_rules

from . import catalog, setup
from .history import DemoHistory, Tally, Team

SEED = 20261116


@dataclass
class Result:
    loaded_now: bool  # False: the patients and history were already there
    rules_created: int
    tally: Tally | None = None
    alerts: int = 0
    today: tuple[InfusionSession, ...] = ()


def load_demo_data(*, now=None) -> Result:
    now = now or timezone.now()
    with transaction.atomic():
        sites = setup.ensure_sites()
        users = setup.ensure_users(sites)
        setup.ensure_physicians_group(users)
        protocols = setup.ensure_protocols()
        medications = setup.ensure_medications()
        admin = users["admin"]
        rules_created = sum(load_default_rules(site, by=admin) for site in sites.values())
        if Patient.objects.filter(site=sites[catalog.RIVERSIDE]).exists():
            return Result(loaded_now=False, rules_created=rules_created)

        patients = setup.create_patients(sites, medications, today=now.date(), by=admin)
        teams = {code: Team(users[nurse], users[physician]) for code, (nurse, physician) in catalog.TEAMS.items()}
        history = DemoHistory(rng=random.Random(SEED), teams=teams, protocols=protocols, now=now)
        positions: dict[str, int] = {}
        for spec in catalog.PATIENTS:
            position = positions[spec.site] = positions.get(spec.site, -1) + 1
            history.course(spec, patients[spec.mrn], position)
        specs = {spec.mrn: spec for spec in catalog.PATIENTS}
        in_infusion, in_pre_check = catalog.TODAY_IN_INFUSION, catalog.TODAY_IN_PRE_CHECK
        today = (
            history.in_infusion_now(specs[in_infusion], patients[in_infusion], specs[in_infusion].sessions),
            history.in_pre_check_now(specs[in_pre_check], patients[in_pre_check], specs[in_pre_check].sessions),
        )
        alerts = Alert.objects.filter(site__in=sites.values()).count()
        return Result(loaded_now=True, rules_created=rules_created, tally=history.tally, alerts=alerts, today=today)


def logins() -> list[tuple[str, str, str, str]]:
    """(username, password, role, site) for every demo membership, as the database has them."""
    rows = []
    usernames = [spec.username for spec in catalog.USERS]
    memberships = StaffMembership.objects.filter(user__username__in=usernames, active=True).select_related(
        "user", "site"
    )
    user_order = {username: position for position, username in enumerate(usernames)}
    site_order = {spec["code"]: position for position, spec in enumerate(catalog.SITES)}
    for membership in sorted(memberships, key=lambda m: (user_order[m.user.username], site_order.get(m.site.code, 99))):
        role = Role(membership.role).label
        if membership.user.is_superuser:
            role += " (superuser)"
        rows.append((membership.user.username, catalog.PASSWORD, role, membership.site.name))
    return rows
