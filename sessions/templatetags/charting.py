from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """'7 min', '1 h 05 min' — how a nurse reads elapsed time at a glance."""
    if value is None:
        return "—"
    total = max(int(value.total_seconds() // 60), 0)
    hours, minutes = divmod(total, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


@register.filter
def abs_minutes(value: int | None) -> str:
    return "—" if value is None else f"{abs(value)} min"
