import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from sessions import services
from sessions.clinical.default_rules import DEFAULT_RULES, SPRAVATO_PRE_DOSE_MESSAGE
from sessions.models import AlertRule
from sessions.services.default_rules import load_default_rules
from tests import factories
from tests.conftest import BASELINE, T0, minutes

SITE_WIDE = [rule for rule in DEFAULT_RULES if rule.protocol_drug is None]
PRE_DOSE = [rule for rule in DEFAULT_RULES if rule.protocol_drug == "esketamine"]


def test_it_creates_every_default_rule_once(site_a, iv_protocol, esketamine_protocol):
    assert load_default_rules(site_a) == len(DEFAULT_RULES)
    names = list(AlertRule.objects.filter(site=site_a).values_list("name", flat=True))
    assert sorted(names) == sorted(rule.name for rule in DEFAULT_RULES)


def test_it_is_idempotent(site_a, esketamine_protocol):
    load_default_rules(site_a)
    before = list(AlertRule.objects.order_by("pk").values())
    assert load_default_rules(site_a) == 0
    assert list(AlertRule.objects.order_by("pk").values()) == before


def test_it_never_overwrites_a_rule_a_clinician_changed(site_a, esketamine_protocol):
    load_default_rules(site_a)
    AlertRule.objects.filter(site=site_a, name="Systolic BP above 180").update(threshold=Decimal("170"))
    AlertRule.objects.filter(site=site_a, name="Heart rate below 50").update(active=False)
    count = AlertRule.objects.count()
    assert load_default_rules(site_a) == 0
    assert AlertRule.objects.count() == count
    assert AlertRule.objects.get(site=site_a, name="Systolic BP above 180").threshold == Decimal("170")
    assert not AlertRule.objects.get(site=site_a, name="Heart rate below 50").active


def test_it_creates_a_deleted_default_rule_again(site_a):
    load_default_rules(site_a)
    AlertRule.objects.filter(site=site_a, name="SpO2 below 88").delete()
    assert load_default_rules(site_a) == 1


def test_it_scopes_the_pre_dose_prompt_to_the_esketamine_protocol_only(site_a, iv_protocol, esketamine_protocol):
    load_default_rules(site_a)
    scoped = AlertRule.objects.filter(site=site_a, protocol__isnull=False)
    assert sorted(scoped.values_list("name", flat=True)) == sorted(rule.name for rule in PRE_DOSE)
    for rule in scoped:
        assert rule.protocol == esketamine_protocol
        assert rule.phases == ["pre_check"]
        assert rule.severity == "info"
        assert rule.message == SPRAVATO_PRE_DOSE_MESSAGE
    assert {(rule.metric, rule.threshold) for rule in scoped} == {("systolic", 140), ("diastolic", 90)}


def test_it_leaves_out_the_pre_dose_prompt_until_an_esketamine_protocol_exists(site_a, iv_protocol):
    assert load_default_rules(site_a) == len(SITE_WIDE)
    assert not AlertRule.objects.filter(protocol__isnull=False).exists()
    factories.EsketamineProtocolFactory()
    assert load_default_rules(site_a) == len(PRE_DOSE)


def test_it_loads_each_site_separately(site_a, site_b):
    load_default_rules(site_a)
    assert load_default_rules(site_b) == len(SITE_WIDE)
    assert AlertRule.objects.filter(site=site_b).count() == len(SITE_WIDE)


def test_it_records_who_created_the_rules(site_a, admin_a):
    load_default_rules(site_a, by=admin_a)
    assert set(AlertRule.objects.values_list("created_by", flat=True)) == {admin_a.pk}
    assert AlertRule.history.filter(history_user=admin_a).count() == len(SITE_WIDE)


def test_it_refuses_a_user_who_may_not_configure_rules(site_a, nurse_a):
    with pytest.raises(PermissionDenied):
        load_default_rules(site_a, by=nurse_a)
    assert not AlertRule.objects.exists()


def test_the_command_loads_one_site_by_code(site_a, site_b):
    out = io.StringIO()
    call_command("load_default_rules", "--site", "harbour", stdout=out)
    assert not AlertRule.objects.filter(site=site_a).exists()
    assert AlertRule.objects.filter(site=site_b).count() == len(SITE_WIDE)
    assert f"Harbour: {len(SITE_WIDE)} default alert rule(s) created" in out.getvalue()


def test_the_command_loads_every_active_site_and_can_be_rerun(site_a, site_b):
    site_b.active = False
    site_b.save()
    call_command("load_default_rules", stdout=io.StringIO())
    call_command("load_default_rules", stdout=io.StringIO())
    assert AlertRule.objects.filter(site=site_a).count() == len(SITE_WIDE)
    assert not AlertRule.objects.filter(site=site_b).exists()


def test_the_command_refuses_an_unknown_site(site_a):
    with pytest.raises(CommandError, match="No site with code 'nowhere'"):
        call_command("load_default_rules", "--site", "nowhere", stdout=io.StringIO())


def test_with_the_defaults_a_systolic_of_185_raises_a_critical_alert(site_a, infusing_session, nurse_a):
    load_default_rules(site_a)
    recorded = services.record_vitals(
        session=infusing_session,
        values={**BASELINE, "systolic": 185, "diastolic": 95},
        by=nurse_a,
        measured_at=T0 + minutes(20),
        now=T0 + minutes(21),
    )
    raised = {alert.rule.name: alert for alert in recorded.raised}
    assert raised["Systolic BP above 180"].severity == "critical"
    assert raised["Systolic BP above 180"].value == 185
    # +65 over the baseline of 120 also crosses the significant-rise warning.
    assert raised["Systolic BP rise of 40 or more"].severity == "warning"
    assert "Diastolic BP above 110" not in raised


def test_with_the_defaults_a_high_pre_dose_bp_prompts_before_esketamine(site_a, start, esketamine_protocol, patient_a):
    load_default_rules(site_a)
    session = start(patient_a, protocol=esketamine_protocol, dose_mg=56)
    recorded = services.record_vitals(
        session=session, values={"systolic": 148, "diastolic": 94}, by=session.nurse, now=T0 + minutes(5)
    )
    assert {(alert.severity, alert.rule.name) for alert in recorded.raised} == {
        ("info", "Esketamine pre-dose systolic BP above 140"),
        ("info", "Esketamine pre-dose diastolic BP above 90"),
    }
    assert all("weigh risk and benefit" in alert.message for alert in recorded.raised)


def test_with_the_defaults_a_systolic_of_190_after_an_esketamine_dose_raises_a_critical_alert(
    site_a, start, esketamine_protocol, patient_a
):
    load_default_rules(site_a)
    session = start(patient_a, protocol=esketamine_protocol, dose_mg=56)
    nurse = session.nurse
    services.record_vitals(session=session, values={"systolic": 130, "diastolic": 80}, by=nurse, now=T0 + minutes(5))
    services.record_event(
        session=session, by=nurse, kind="dose_given", occurred_at=T0 + minutes(10), now=T0 + minutes(10)
    )
    recorded = services.record_vitals(
        session=session, values={"systolic": 190, "diastolic": 100}, by=nurse, now=T0 + minutes(50)
    )
    assert "critical" in {alert.severity for alert in recorded.raised}


def test_a_pre_dose_prompt_left_open_resolves_once_the_dose_is_given(site_a, start, esketamine_protocol, patient_a):
    load_default_rules(site_a)
    session = start(patient_a, protocol=esketamine_protocol, dose_mg=56)
    nurse = session.nurse
    services.record_vitals(session=session, values={"systolic": 150, "diastolic": 95}, by=nurse, now=T0 + minutes(5))
    services.record_event(
        session=session, by=nurse, kind="dose_given", occurred_at=T0 + minutes(10), now=T0 + minutes(10)
    )
    services.record_vitals(session=session, values={"systolic": 150, "diastolic": 95}, by=nurse, now=T0 + minutes(50))
    prompts = session.alerts.filter(severity="info")
    assert prompts.count() == 2
    assert all(alert.resolved_reason == "The rule's phase is over" for alert in prompts)
