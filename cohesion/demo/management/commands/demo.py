from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cohesion.demo.selectors import demo_is_loaded, demo_logins
from cohesion.demo.services import DEMO_CLIMATE_CODE, DEMO_PASSWORD, demo_load, demo_reset


class Command(BaseCommand):
    help = "Load the demo into an empty database and print the demo log-ins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Delete all data and load the demo afresh."
        )

    def handle(self, *args, reset=False, **options):
        refused = []
        if reset:
            refused = demo_reset()
            self.stdout.write(_("The database was emptied and the demo loaded afresh."))
        elif demo_is_loaded():
            self.stdout.write(
                _(
                    "The database already holds data; the demo was not loaded again "
                    "(cohesion demo --reset starts over)."
                )
            )
        else:
            refused = demo_load()
            self.stdout.write(_("The demo was loaded."))
        for filename, reason in refused:
            self.stderr.write(
                _("A shipped statistics file could not be read: %(file)s: %(reason)s")
                % {"file": filename, "reason": reason}
            )
        self.stdout.write("")
        self.stdout.write(_("Demo log-ins (password: %(password)s):") % {"password": DEMO_PASSWORD})
        for username, description in demo_logins():
            self.stdout.write(f"  {username:<15} {description}")
        self.stdout.write("")
        self.stdout.write(
            _("Vote in Kerpen's climate survey without an account: /c/%(code)s/")
            % {"code": DEMO_CLIMATE_CODE}
        )
