"""Creating a site's default alert rules and medication-class responses (the tables are in
`sessions/clinical/default_rules.py`); never touches a rule a clinician already has."""

from django.db import transaction

from clinic.access import Action, require
from clinic.interactions import INTERACTIONS
from clinic.models import MedicationClassResponse
from sessions.clinical.default_rules import DEFAULT_RESPONSES, DEFAULT_RULES, DefaultRule
from sessions.models import AlertRule, Protocol
from sessions.services.guards import audited


def load_default_rules(site, *, by=None) -> int:
    """Create the default rules that `site` does not have yet; return how many were created.

    A rule is identified by site and name (and protocol, for protocol-scoped rules), so running
    this again creates nothing and leaves every rule a clinician changed or deactivated as it is.
    A rule that was renamed or deleted counts as missing and is created again.

    Protocol-scoped defaults are created for each active protocol of their drug that exists now;
    run it again after adding such a protocol. `by` (optional: commands pass None) must be
    allowed to configure rules at the site.
    """
    if by is not None:
        require(by, Action.CONFIGURE_RULES, site)
    protocols_by_drug: dict[str, list[Protocol]] = {}
    for protocol in Protocol.objects.filter(active=True).order_by("pk"):
        protocols_by_drug.setdefault(protocol.drug, []).append(protocol)
    created = 0
    with transaction.atomic():
        existing = set(AlertRule.objects.filter(site=site).values_list("name", "protocol_id"))
        existing_names = {name for name, _ in existing}
        for default in DEFAULT_RULES:
            if default.protocol_drug is None:
                scopes = [] if default.name in existing_names else [None]
            else:
                scopes = [
                    protocol
                    for protocol in protocols_by_drug.get(default.protocol_drug, [])
                    if (default.name, protocol.pk) not in existing
                ]
            for protocol in scopes:
                _create(site, default, protocol, by)
                created += 1
        load_default_medication_responses(site, by=by)
    return created


def load_default_medication_responses(site, *, by=None) -> int:
    """Create the per-class responses `site` does not have yet; never touches one a clinician set."""
    existing = set(MedicationClassResponse.objects.filter(site=site).values_list("drug_class", flat=True))
    created = 0
    for default in DEFAULT_RESPONSES:
        if default.drug_class in existing:
            continue
        interaction = INTERACTIONS.get(default.drug_class)
        response = MedicationClassResponse(
            site=site,
            drug_class=default.drug_class,
            severity=default.severity,
            interval_minutes=default.interval_minutes,
            clearance_required=default.clearance_required,
            banner_text=default.banner_text or (interaction.guidance if interaction else ""),
        )
        response.full_clean()
        audited(response, by).save()
        created += 1
    return created


def _create(site, default: DefaultRule, protocol, by) -> AlertRule:
    rule = AlertRule(
        site=site,
        protocol=protocol,
        name=default.name,
        metric=default.metric,
        reference=default.reference,
        comparator=default.comparator,
        threshold=default.threshold,
        sustained_readings=default.sustained_readings,
        phases=[str(phase) for phase in default.phases],
        severity=default.severity,
        message=default.message,
        medication_class=default.medication_class,
        created_by=by,
    )
    rule.full_clean()
    audited(rule, by).save()
    return rule
