from datetime import timedelta

from django import template

from sessions.models import Phase

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


@register.filter(expects_localtime=True)
def clock(value) -> str:
    """'09:40' in the current timezone, as `time:"H:i"` writes it. That filter looks its format up
    through the locale machinery on every call, and a readings table calls it hundreds of times."""
    return f"{value:%H:%M}" if value else ""


@register.filter
def phase_label(value: str) -> str:
    """'ready_for_discharge' → 'Ready for discharge', as the phase's choice names it."""
    return Phase(value).label
