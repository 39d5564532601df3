"""`{{ user|may:"CONFIGURE_RULES" }}`: whether a user may take an action at any of their sites, so
templates offer only links that will not end in a 403."""

from django import template

from clinic.access import Action, site_ids_for

register = template.Library()


@register.filter
def may(user, action: str) -> bool:
    return bool(site_ids_for(user, Action[action]))
