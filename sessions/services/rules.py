"""Alert-rule configuration: who may set a limit, and the checks it must pass."""

from django.db import transaction

from clinic.access import Action, require
from sessions.models import AlertRule

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
