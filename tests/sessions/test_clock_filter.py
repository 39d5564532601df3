"""`clock` writes a time as the chart tables show it, in the site's timezone like `time:"H:i"`."""

import datetime
import zoneinfo

from django.template import Context, Template
from django.utils import timezone

from tests.conftest import T0

TEMPLATE = Template('{% load charting %}{{ moment|clock }}|{{ moment|time:"H:i" }}')


def test_it_writes_the_time_in_the_current_timezone_as_the_time_filter_does():
    for name in ("UTC", "America/Chicago", "Asia/Kolkata"):
        with timezone.override(zoneinfo.ZoneInfo(name)):
            ours, django = TEMPLATE.render(Context({"moment": T0 + datetime.timedelta(minutes=7)})).split("|")
        assert ours == django
    with timezone.override(zoneinfo.ZoneInfo("America/Chicago")):
        assert TEMPLATE.render(Context({"moment": T0})).startswith("08:00|")


def test_it_leaves_a_missing_time_blank():
    assert TEMPLATE.render(Context({"moment": None})) == "|"
