from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback and endorsements")

    def ready(self) -> None:
        from apprenticeship.progress import FIGURES
        from courses.lifelong import PROFILE_SECTIONS, TRANSCRIPT_SECTIONS
        from courses.openbadges import STATUS_ENTRIES
        from enterprises.careers import PROMOTION_CHECKS
        from enterprises.services import ON_ACCEPTED

        from . import services
        from .apprentices import endorsement_figure, endorsements_missing

        # A ladder level's endorsements: in the apprentice's progress and before a promotion.
        if endorsement_figure not in FIGURES:
            FIGURES.append(endorsement_figure)
        if endorsements_missing not in PROMOTION_CHECKS:
            PROMOTION_CHECKS.append(endorsements_missing)

        # Endorsements the learner has not hidden are on their transcript and public profile.
        TRANSCRIPT_SECTIONS["endorsements"] = services.transcript_endorsements
        PROFILE_SECTIONS["endorsements"] = services.transcript_endorsements
        # Issued endorsements are revoked in their enterprise's revocation list.
        STATUS_ENTRIES.append(services.status_entries)
        # An accepted project opens the feedback its engineer and students owe each other.
        ON_ACCEPTED.append(lambda project, actor: services.feedback_open(project=project, actor=actor))
