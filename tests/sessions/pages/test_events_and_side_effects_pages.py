from sessions.models import SessionEvent, SideEffect
from tests.conftest import T0, minutes


def test_the_start_button_starts_the_infusion(nurse_client, session_a, at):
    at(10)
    response = nurse_client.post(f"/sessions/{session_a.pk}/events/", {"kind": "started"})
    assert response.status_code == 302
    session_a.refresh_from_db()
    assert session_a.infusion_started_at == T0 + minutes(10)


def test_rescue_medication_needs_drug_dose_and_route(nurse_client, infusing_session, at):
    at(20)
    response = nurse_client.post(
        f"/sessions/{infusing_session.pk}/events/", {"kind": "rescue_medication", "drug": "ondansetron"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("Required for rescue medication.") == 2
    assert not SessionEvent.objects.filter(kind="rescue_medication").exists()


def test_a_side_effect_is_recorded_and_resolved(nurse_client, infusing_session, at):
    at(20)
    nurse_client.post(
        f"/sessions/{infusing_session.pk}/side-effects/",
        {"term": "nausea", "severity": "moderate", "action_taken": "medication"},
    )
    effect = SideEffect.objects.get()
    assert (effect.onset_at, effect.action_taken) == (T0 + minutes(20), "medication")
    at(35)
    nurse_client.post(f"/sessions/{infusing_session.pk}/side-effects/{effect.pk}/resolve/")
    effect.refresh_from_db()
    assert effect.resolved_at == T0 + minutes(35)


def test_other_side_effect_needs_a_description(nurse_client, infusing_session, at):
    at(20)
    response = nurse_client.post(
        f"/sessions/{infusing_session.pk}/side-effects/", {"term": "other", "severity": "mild", "action_taken": "none"}
    )
    assert "Describe the side effect" in response.content.decode()
    assert not SideEffect.objects.exists()
