"""/healthz answers the load balancer without a login: 200 when the database is reachable and
migrated, 503 otherwise."""

import pytest
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder


def test_it_is_healthy_when_the_database_is_migrated(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "unapplied_migrations": 0}


def test_it_is_unhealthy_when_a_migration_is_not_applied(client, db):
    MigrationRecorder.Migration.objects.filter(app="infusions").order_by("-id").first().delete()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["unapplied_migrations"] == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connections["default"].vendor != "postgresql", reason="needs a database server to lose")
def test_it_is_unhealthy_when_the_database_is_unreachable(client):
    connection = connections["default"]
    real = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"  # nothing listens there
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = real
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}
