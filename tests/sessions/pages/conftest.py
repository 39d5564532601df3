import pytest
import time_machine

from tests.conftest import T0, minutes


@pytest.fixture
def at():
    """Freeze the clock at T0 + n minutes; pages read the wall clock."""
    travellers = []

    def _at(n):
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(T0 + minutes(n), tick=False)
        traveller.start()
        travellers.append(traveller)

    yield _at
    for traveller in travellers:
        traveller.stop()


@pytest.fixture
def nurse_client(client, nurse_a):
    client.force_login(nurse_a)
    return client


@pytest.fixture
def physician_client(client, physician_a):
    client.force_login(physician_a)
    return client
