from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from portal.demo import seed_demo

LOGINS = ["demo-admin", "demo-college", "demo-teacher", "demo-engineer", "demo-student", "demo-evaluator"]


class Command(BaseCommand):
    help = "Build a small demo world with one login per role (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.ALLOW_DEMO_PASSWORD:
            raise CommandError("Demo data and its shared password are refused under these settings.")
        # The demo's own notifications are in the inboxes; nobody is e-mailed about them.
        with override_settings(NOTIFICATION_EMAILS=False):
            summary = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo world ready: {summary['colleges']} colleges, {summary['majors']} majors, "
                f"{summary['enterprises']} enterprises."
            )
        )
        self.stdout.write(f"Logins (password: {settings.DEMO_PASSWORD}): {', '.join(LOGINS)}")
