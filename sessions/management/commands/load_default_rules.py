from django.core.management.base import BaseCommand, CommandError

from clinic.models import Site
from sessions.clinical.default_rules import DEFAULT_RULES
from sessions.services.default_rules import load_default_rules


class Command(BaseCommand):
    help = (
        "Create the default alert rules for one site (--site CODE) or every active site. "
        "Safe to re-run: existing rules (matched by site and name) are never changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--site", metavar="CODE", help="Only this site (its code); default: every active site.")

    def handle(self, *args, site=None, **options):
        if site:
            try:
                sites = [Site.objects.get(code=site)]
            except Site.DoesNotExist:
                known = ", ".join(Site.objects.values_list("code", flat=True)) or "none yet"
                raise CommandError(f"No site with code {site!r} (known: {known}).") from None
        else:
            sites = list(Site.objects.filter(active=True))
            if not sites:
                self.stdout.write("No active site: nothing to do.")
                return
        for each in sites:
            created = load_default_rules(each)
            self.stdout.write(
                f"{each.name}: {created} default alert rule(s) created "
                f"({len(DEFAULT_RULES)} defaults; existing rules left unchanged)."
            )
