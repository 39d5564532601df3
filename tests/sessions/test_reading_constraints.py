"""PostgreSQL itself refuses impossible readings, even where the application is bypassed
(`QuerySet.update`, raw SQL): the same limits the form and the API apply."""

import pytest
from django.db import IntegrityError, transaction

from sessions.models import VitalSigns


@pytest.mark.parametrize(
    "change",
    [
        {"spo2": 101},
        {"heart_rate": 0},
        {"sedation_moaas": 6},
        {"pain": 11},
        {"respiratory_rate": 61},
        {"systolic": 80, "diastolic": 80},
        {"temperature_c": 60},
    ],
    ids=lambda change: ",".join(change),
)
def test_the_database_refuses_an_impossible_value_written_around_the_application(infusing_session, change):
    with pytest.raises(IntegrityError), transaction.atomic():
        VitalSigns.objects.filter(session=infusing_session).update(**change)
    assert VitalSigns.objects.get(session=infusing_session).spo2 == 98


def test_the_database_accepts_the_extremes_the_application_accepts(infusing_session):
    VitalSigns.objects.filter(session=infusing_session).update(
        spo2=100, heart_rate=20, sedation_moaas=0, systolic=300, diastolic=200, temperature_c=45
    )
    assert VitalSigns.objects.get(session=infusing_session).spo2 == 100
