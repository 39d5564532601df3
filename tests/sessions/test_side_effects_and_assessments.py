"""Side effects from the catalog or in free text, and the questionnaires scored across a course."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sessions import services
from sessions.clinical import assessments
from sessions.models import Assessment, SideEffect
from tests import factories
from tests.conftest import T0, minutes

# --- side effects --------------------------------------------------------------------------------


def side_effect(session, by, **kwargs):
    kwargs.setdefault("term", "nausea")
    kwargs.setdefault("severity", "mild")
    kwargs.setdefault("onset_at", T0 + minutes(20))
    kwargs.setdefault("now", T0 + minutes(25))
    return services.record_side_effect(session=session, by=by, **kwargs)


def test_a_catalog_side_effect_is_recorded(infusing_session, nurse_a):
    recorded = side_effect(
        infusing_session, nurse_a, term="dissociation", severity="moderate", action_taken="rate_reduced"
    )
    stored = SideEffect.objects.get()
    assert stored == recorded
    assert (stored.term, stored.severity, stored.action_taken, stored.label) == (
        "dissociation",
        "moderate",
        "rate_reduced",
        "Dissociation",
    )
    assert (stored.onset_at, stored.recorded_at, stored.recorded_by, stored.site) == (
        T0 + minutes(20),
        T0 + minutes(25),
        nurse_a,
        infusing_session.site,
    )


def test_the_onset_defaults_to_now(infusing_session, nurse_a):
    recorded = services.record_side_effect(
        session=infusing_session, by=nurse_a, term="headache", severity="mild", now=T0 + minutes(30)
    )
    assert recorded.onset_at == T0 + minutes(30)


def test_a_free_text_side_effect_uses_other_with_its_term(infusing_session, nurse_a):
    recorded = side_effect(infusing_session, nurse_a, term="other", other_term="  Metallic taste ")
    assert (recorded.other_term, recorded.label) == ("Metallic taste", "Metallic taste")


@pytest.mark.parametrize("other_term", ["", "   "])
def test_other_needs_the_side_effect_described(infusing_session, nurse_a, other_term):
    with pytest.raises(ValidationError) as refused:
        side_effect(infusing_session, nurse_a, term="other", other_term=other_term)
    assert "other_term" in refused.value.message_dict
    assert not SideEffect.objects.exists()


@pytest.mark.parametrize(("field", "value"), [("term", "sleepy"), ("severity", "awful"), ("action_taken", "prayed")])
def test_values_outside_the_catalog_are_refused(infusing_session, nurse_a, field, value):
    with pytest.raises(ValidationError) as refused:
        side_effect(infusing_session, nurse_a, **{field: value})
    assert field in refused.value.message_dict
    assert not SideEffect.objects.exists()


def test_a_side_effect_cannot_resolve_before_its_onset(infusing_session, nurse_a):
    with pytest.raises(ValidationError) as refused:
        side_effect(infusing_session, nurse_a, onset_at=T0 + minutes(20), resolved_at=T0 + minutes(19))
    assert "resolved_at" in refused.value.message_dict
    assert not SideEffect.objects.exists()


def test_a_side_effect_may_resolve_at_its_onset(infusing_session, nurse_a):
    recorded = side_effect(infusing_session, nurse_a, onset_at=T0 + minutes(20), resolved_at=T0 + minutes(20))
    assert recorded.resolved_at == T0 + minutes(20)


@pytest.mark.parametrize("onset", [-1, 30])
def test_a_side_effect_cannot_start_before_arrival_or_in_the_future(infusing_session, nurse_a, onset):
    with pytest.raises(ValidationError) as refused:
        side_effect(infusing_session, nurse_a, onset_at=T0 + minutes(onset), now=T0 + minutes(25))
    assert "measured_at" in refused.value.message_dict


def test_another_sites_nurse_cannot_record_a_side_effect(infusing_session, nurse_b):
    with pytest.raises(PermissionDenied):
        side_effect(infusing_session, nurse_b)
    assert not SideEffect.objects.exists()


# --- questionnaire scoring -----------------------------------------------------------------------


def items(total, count=9, item_max=3):
    """Item scores adding up to `total`, filled from the first item, last item 0."""
    scores = []
    for _ in range(count - 1):
        scores.append(min(item_max, total))
        total -= scores[-1]
    assert total == 0, "total too high to leave the last item at 0"
    return [*scores, 0]


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (24, "severe"),
    ],
)
def test_phq9_bands_follow_their_boundaries(total, band):
    scored = assessments.score("phq9", items(total))
    assert (scored.total, scored.band, scored.safety_flag) == (total, band, False)


def test_phq9_tops_out_at_27_severe():
    scored = assessments.score("phq9", [3] * 9)
    assert (scored.total, scored.band) == (27, "severe")


@pytest.mark.parametrize(("item_9", "flag"), [(0, False), (1, True), (3, True)])
def test_phq9_item_9_above_zero_raises_the_safety_flag(item_9, flag):
    scored = assessments.score("phq9", [0] * 8 + [item_9])
    assert scored.safety_flag is flag


def test_only_item_9_raises_the_safety_flag():
    assert not assessments.score("phq9", [3] * 8 + [0]).safety_flag


@pytest.mark.parametrize(
    ("first", "now", "response"), [(20, 10, True), (20, 11, False), (21, 10, True), (21, 11, False), (0, 0, False)]
)
def test_a_response_is_a_drop_of_at_least_half(first, now, response):
    assert assessments.is_response(first, now) is response


@pytest.mark.parametrize(("total", "remission"), [(0, True), (4, True), (5, False)])
def test_remission_is_a_phq9_below_5(total, remission):
    assert assessments.is_remission(total) is remission


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"), (15, "severe")],
)
def test_gad7_bands_follow_their_boundaries(total, band):
    scored = assessments.score("gad7", items(total, count=7))
    assert (scored.total, scored.band, scored.safety_flag) == (total, band, False)


def test_gad7_tops_out_at_21_severe():
    assert assessments.score("gad7", [3] * 7).band == "severe"


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "normal"), (6, "normal"), (7, "mild"), (19, "mild"), (20, "moderate"), (34, "moderate"), (35, "severe")],
)
def test_madrs_bands_follow_their_boundaries(total, band):
    scored = assessments.score("madrs", items(total, count=10, item_max=6))
    assert (scored.total, scored.band) == (total, band)


def test_madrs_tops_out_at_60_severe():
    assert assessments.score("madrs", [6] * 10) == assessments.Score(60, "severe", False)


@pytest.mark.parametrize(
    ("instrument", "item_list", "fragment"),
    [
        ("phq9", [1] * 8, "Expected 9"),
        ("phq9", [1] * 10, "Expected 9"),
        ("phq9", "111111111", "Expected 9"),
        ("gad7", [1] * 9, "Expected 7"),
        ("madrs", [1] * 9, "Expected 10"),
        ("phq9", [1] * 8 + [4], "Item 9 must be a whole number from 0 to 3"),
        ("phq9", [-1] + [1] * 8, "Item 1 must be"),
        ("phq9", [1.5] + [1] * 8, "Item 1 must be"),
        ("phq9", ["2"] + [1] * 8, "Item 1 must be"),
        ("phq9", [True] + [1] * 8, "Item 1 must be"),
        ("phq9", [None] + [1] * 8, "Item 1 must be"),
        ("madrs", [6] * 9 + [7], "Item 10 must be a whole number from 0 to 6"),
    ],
)
def test_wrong_item_counts_and_values_are_refused_with_a_field_error(instrument, item_list, fragment):
    with pytest.raises(ValidationError) as refused:
        assessments.score(instrument, item_list)
    assert fragment in refused.value.message_dict["items"][0]


# --- recording an assessment ---------------------------------------------------------------------


def test_an_assessment_is_stored_with_total_band_and_flag(session_a, patient_a, nurse_a):
    recorded = services.record_assessment(
        patient=patient_a,
        session=session_a,
        by=nurse_a,
        instrument="phq9",
        items=[2, 2, 2, 2, 2, 2, 2, 1, 1],
        administered_at=T0 + minutes(2),
        now=T0 + minutes(3),
    )
    stored = Assessment.objects.get()
    assert stored == recorded
    assert (stored.total, stored.band, stored.safety_flag) == (16, "moderately severe", True)
    assert (stored.items, stored.site, stored.session, stored.administered_at) == (
        [2, 2, 2, 2, 2, 2, 2, 1, 1],
        patient_a.site,
        session_a,
        T0 + minutes(2),
    )


def test_an_assessment_may_belong_to_the_course_without_a_session(patient_a, nurse_a):
    recorded = services.record_assessment(patient=patient_a, by=nurse_a, instrument="gad7", items=[1] * 7, now=T0)
    assert (recorded.session, recorded.total, recorded.band) == (None, 7, "mild")


def test_an_invalid_assessment_is_refused_and_not_stored(patient_a, nurse_a):
    with pytest.raises(ValidationError) as refused:
        services.record_assessment(patient=patient_a, by=nurse_a, instrument="phq9", items=[1] * 8, now=T0)
    assert "items" in refused.value.message_dict
    assert not Assessment.objects.exists()


def test_an_unknown_questionnaire_is_refused(patient_a, nurse_a):
    with pytest.raises(ValidationError) as refused:
        services.record_assessment(patient=patient_a, by=nurse_a, instrument="qids", items=[1] * 16, now=T0)
    assert "instrument" in refused.value.message_dict


def test_an_assessment_cannot_go_on_another_patients_session(session_a, site_a, nurse_a):

    other = factories.PatientFactory(site=site_a)
    with pytest.raises(ValidationError) as refused:
        services.record_assessment(
            patient=other, session=session_a, by=nurse_a, instrument="phq9", items=[0] * 9, now=T0
        )
    assert "session" in refused.value.message_dict
    assert not Assessment.objects.exists()


def test_another_sites_nurse_cannot_record_an_assessment(patient_a, nurse_b):
    with pytest.raises(PermissionDenied):
        services.record_assessment(patient=patient_a, by=nurse_b, instrument="phq9", items=[0] * 9, now=T0)
    assert not Assessment.objects.exists()
