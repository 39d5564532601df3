"""The session list: filters, the awaiting-my-sign-off queue, pagination, and scoping."""

import pytest
from django.urls import reverse

from sessions import services
from sessions.clinical.discharge import DISCHARGE_CHECKLIST
from tests import factories
from tests.conftest import T0, minutes
from tests.review.conftest import discharge_now

pytestmark = pytest.mark.django_db


def listed(client, **params):
    response = client.get(reverse("review-sessions"), params)
    assert response.status_code == 200
    return list(response.context["page"].object_list)


@pytest.fixture
def three_sessions(start, patient_a, nurse_a, physician_a, alert_a, session_a):
    """An alerted, discharged session; a plain one in progress; a signed one with a side effect."""
    discharged = discharge_now(session_a, nurse_a, physician_a)
    in_progress = start(patient_a, arrived_at=T0 + minutes(100), now=T0 + minutes(100))
    signed = start(patient_a, arrived_at=T0 - minutes(60 * 24 * 3), now=T0 - minutes(60 * 24 * 3))
    services.record_side_effect(
        session=signed, by=nurse_a, term="nausea", severity="mild", onset_at=signed.arrived_at, now=signed.arrived_at
    )
    services.record_event(
        session=signed, by=nurse_a, kind="started", occurred_at=signed.arrived_at, now=signed.arrived_at
    )
    discharge_at = signed.arrived_at + minutes(40)
    services.record_event(session=signed, by=nurse_a, kind="stopped", occurred_at=discharge_at, now=discharge_at)
    services.discharge(
        session=signed,
        by=physician_a,
        checklist={item: True for item, _ in DISCHARGE_CHECKLIST},
        override_reason="ok",
        now=discharge_at,
    )
    services.sign_session(session=signed, by=physician_a, attestation="Reviewed.")
    return discharged, in_progress, signed


def test_it_lists_every_session_of_my_sites_newest_first(physician_client, three_sessions, alert_b):
    discharged, in_progress, signed = three_sessions

    assert listed(physician_client) == [in_progress, discharged, signed]


def test_it_counts_alerts_and_side_effects_per_session(physician_client, three_sessions):
    _in_progress, discharged, signed = listed(physician_client)

    assert (discharged.alert_count, discharged.side_effect_count) == (1, 0)
    assert (signed.alert_count, signed.side_effect_count) == (0, 1)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "in_progress"}, ["in_progress"]),
        ({"status": "awaiting_sign_off"}, ["discharged"]),
        ({"status": "signed"}, ["signed"]),
        ({"has_alerts": "true"}, ["discharged"]),
        ({"has_alerts": "false"}, ["in_progress", "signed"]),
        ({"has_side_effects": "true"}, ["signed"]),
        ({"mine": "true"}, ["discharged"]),
        ({"arrived_from": "2026-11-16", "arrived_to": "2026-11-16"}, ["in_progress", "discharged"]),
        ({"arrived_to": "2026-11-14"}, ["signed"]),
    ],
)
def test_it_filters(physician_client, three_sessions, params, expected):
    names = dict(zip(("discharged", "in_progress", "signed"), three_sessions, strict=True))

    assert listed(physician_client, **params) == [names[name] for name in expected]


def test_it_filters_by_site_nurse_and_protocol(physician_client, three_sessions, site_a, nurse_a, esketamine_protocol):
    other_nurse = factories.staff("nurse", site_a, username="nurse_a2")

    assert len(listed(physician_client, site=site_a.pk, nurse=nurse_a.pk)) == 3
    assert listed(physician_client, nurse=other_nurse.pk) == []
    assert listed(physician_client, protocol=esketamine_protocol.pk) == []


def test_it_offers_only_my_sites_and_nurses_as_choices(physician_client, site_b, nurse_b, nurse_a):
    form = physician_client.get(reverse("review-sessions")).context["filters"].form

    assert site_b not in form.fields["site"].queryset
    assert list(form.fields["nurse"].queryset) == [nurse_a]


def test_another_sites_id_in_a_filter_is_refused_not_used(physician_client, three_sessions, site_b):
    response = physician_client.get(reverse("review-sessions"), {"site": site_b.pk})

    assert "site" in response.context["filters"].form.errors


def test_the_queue_leaves_out_sessions_supervised_by_another_physician(
    physician_client, three_sessions, site_a, physician_a
):
    discharged = three_sessions[0]
    colleague = factories.staff("physician", site_a, username="physician_a2")
    discharged.supervising_physician = colleague
    discharged.save()

    assert listed(physician_client, mine="true") == []


def test_the_queue_count_is_shown(physician_client, three_sessions):
    assert "1 session awaiting your sign-off" in physician_client.get(reverse("review-sessions")).content.decode()


def test_it_paginates(physician_client, start, patient_a):
    for n in range(27):
        start(patient_a, arrived_at=T0 + minutes(n), now=T0 + minutes(n))

    first = physician_client.get(reverse("review-sessions"))
    second = physician_client.get(reverse("review-sessions"), {"page": 2, "status": "in_progress"})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 2
    assert "status=in_progress&amp;page=1" in second.content.decode()
