from sessions import services
from sessions.clinical.discharge import DISCHARGE_CHECKLIST
from tests.conftest import BASELINE, T0, minutes

CHECKLIST = {item: "on" for item, _ in DISCHARGE_CHECKLIST}


def stopped(session, nurse):
    services.record_vitals(session=session, values=BASELINE, by=nurse, now=T0 + minutes(45))
    services.record_event(session=session, by=nurse, kind="stopped", now=T0 + minutes(50))
    return session


def test_early_discharge_is_refused_for_a_nurse(nurse_client, infusing_session, nurse_a, at):
    stopped(infusing_session, nurse_a)
    at(60)
    body = nurse_client.post(f"/sessions/{infusing_session.pk}/discharge/", CHECKLIST).content.decode()
    assert "The minimum observation time has not passed." in body
    infusing_session.refresh_from_db()
    assert infusing_session.discharged_at is None


def test_a_physician_overrides_with_a_reason(physician_client, infusing_session, nurse_a, physician_a, at):
    stopped(infusing_session, nurse_a)
    at(60)
    response = physician_client.post(
        f"/sessions/{infusing_session.pk}/discharge/", {**CHECKLIST, "override_reason": "Stable, transport waiting"}
    )
    assert response.status_code == 302
    infusing_session.refresh_from_db()
    assert infusing_session.discharge_override_by == physician_a
    assert "Do not drive" in physician_client.get(response["Location"]).content.decode()


def test_missing_checklist_items_are_named(nurse_client, infusing_session, nurse_a, at):
    stopped(infusing_session, nurse_a)
    at(115)
    body = nurse_client.post(
        f"/sessions/{infusing_session.pk}/discharge/", {"alert_and_oriented": "on"}
    ).content.decode()
    assert body.count("Confirm this before discharge.") == 4


def test_after_observation_the_nurse_discharges(nurse_client, infusing_session, nurse_a, at):
    stopped(infusing_session, nurse_a)
    at(115)
    assert nurse_client.post(f"/sessions/{infusing_session.pk}/discharge/", CHECKLIST).status_code == 302
    infusing_session.refresh_from_db()
    assert infusing_session.discharged_at == T0 + minutes(115)
