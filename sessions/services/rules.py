"""Alert configuration: rules, per-class medication responses and overdue grace periods.

Physicians and admins own these settings; every write checks that, validates with the model's
`clean()` and leaves a history row saying who changed what, before and after.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from clinic.access import Action, require, site_ids_for
from clinic.models import MedicationClassResponse
from sessions.models import AlertRule, Protocol

from .guards import audited


def save_alert_rule(*, rule: AlertRule, by) -> AlertRule:
    """Validate with `AlertRule.clean()` and save; history records who changed what, before and after.

    Open alerts keep the snapshot of the rule that raised them, so editing a limit never
    rewrites what an alert said when it was raised.
    """
    require(by, Action.CONFIGURE_RULES, rule.site_id)
    if rule.pk is None and rule.created_by_id is None:
        rule.created_by = by
    rule.full_clean()
    with transaction.atomic():
        audited(rule, by).save()
    return rule


def set_rule_active(*, rule: AlertRule, active: bool, by) -> AlertRule:
    """Disable or re-enable a rule. Rules are never deleted: alerts refer to them, and the
    history must show what was in force when."""
    require(by, Action.CONFIGURE_RULES, rule.site_id)
    with transaction.atomic():
        rule = AlertRule.objects.select_for_update().get(pk=rule.pk)
        if rule.active == active:
            return rule
        rule.active = active
        if active:
            rule.full_clean()  # a re-enabled limit must not contradict the rules in force now
        audited(rule, by).save(update_fields=["active", "updated_at"])
    return rule


def save_medication_response(*, response: MedicationClassResponse, by) -> MedicationClassResponse:
    require(by, Action.CONFIGURE_RULES, response.site_id)
    response.full_clean()
    with transaction.atomic():
        audited(response, by).save()
    return response


def save_protocol_grace(*, protocol: Protocol, grace_by_phase: dict[str, int], by) -> Protocol:
    """Set the overdue grace per phase. Protocols are shared by every site, so any physician or
    admin who configures rules may set it; sessions already started keep their snapshot."""
    if not site_ids_for(by, Action.CONFIGURE_RULES):
        raise PermissionDenied("You may not configure monitoring.")
    protocol.overdue_grace_by_phase = dict(grace_by_phase)
    try:
        protocol.full_clean()
    except ValidationError:
        protocol.refresh_from_db()
        raise
    with transaction.atomic():
        audited(protocol, by).save()
    return protocol
