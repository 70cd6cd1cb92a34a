from django.apps import AppConfig


class ApprenticeshipConfig(AppConfig):
    name = "apprenticeship"
    verbose_name = "Apprenticeship reviews and portfolios"

    def ready(self) -> None:
        # A ladder level whose requirement needs evidence refuses a promotion until an
        # accepted portfolio item shows it: the ladder (below) asks this app (above) through
        # its registry of promotion checks.
        from enterprises.careers import PROMOTION_CHECKS

        from .progress import evidence_missing

        if evidence_missing not in PROMOTION_CHECKS:
            PROMOTION_CHECKS.append(evidence_missing)
