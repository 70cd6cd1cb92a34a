from django.core.management.base import BaseCommand, CommandError

from evaluation.audit import audit


class Command(BaseCommand):
    help = (
        "Compare every stored scorecard of the active scheme with a fresh recompute from the "
        "ledger (nothing is changed); exits 1 and lists the differences if there are any."
    )

    def handle(self, *args: object, **options: object) -> None:
        problems = audit()
        for problem in problems:
            self.stdout.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} scorecard(s) differ from a fresh recompute.")
        self.stdout.write(self.style.SUCCESS("Every stored scorecard equals a fresh recompute."))
