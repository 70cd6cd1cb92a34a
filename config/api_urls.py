"""The API router: every resource under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api.views import (
    AuditLogViewSet,
    LogoutView,
    ObtainTokenView,
    TokenDetailView,
    TokenListView,
    UserViewSet,
)
from apprenticeship.api.views import (
    ApprenticeshipViewSet,
    PortfolioItemViewSet,
    ProgressReviewViewSet,
    ReviewFormViewSet,
)
from colleges.api.shares import ContributionViewSet, IndustryCollegeSharesViewSet
from colleges.api.views import (
    CohortViewSet,
    CollegeViewSet,
    DualPositionViewSet,
    IndustryCollegeViewSet,
    MajorViewSet,
    PartnershipViewSet,
    PracticeLogViewSet,
)
from competencies.api.views import (
    CompetencyViewSet,
    FrameworkViewSet,
    LearningPlanViewSet,
    PlanTemplateViewSet,
)
from courses.api.lifelong import (
    CertificateTypeViewSet,
    CertificateViewSet,
    ConversionRuleViewSet,
    CredentialViewSet,
    LearnerViewSet,
    MaterialViewSet,
    TrainingSessionViewSet,
)
from courses.api.views import (
    CourseViewSet,
    CreditTransactionViewSet,
    EnrollmentViewSet,
    ModuleViewSet,
    OfferingViewSet,
    SkillCrosswalkViewSet,
    SkillViewSet,
)
from credits.api.views import CreditRequestViewSet
from enterprises.api.careers import (
    EmploymentViewSet,
    IpAgreementViewSet,
    LadderViewSet,
    PerformanceReviewViewSet,
)
from enterprises.api.views import (
    ApplicationViewSet,
    EnterpriseViewSet,
    FlagViewSet,
    HourLogViewSet,
    MatchRequestViewSet,
    ProjectViewSet,
    TalentDemandViewSet,
)
from evaluation.api.radar import MajorDecisionViewSet, RadarMajorsView, RadarRecomputeView, RadarSkillsView
from evaluation.api.scorecards import ImprovementActionViewSet, ScorecardViewSet, TaskStatusView
from feedback.api.views import EndorsementViewSet, FeedbackViewSet
from internships.api.views import (
    HoursExceptionViewSet,
    InternshipAlertViewSet,
    InternshipEvaluationViewSet,
    InternshipLogViewSet,
    InternshipViewSet,
    InternshipVisitViewSet,
    PositionViewSet,
    PreJobTrainingViewSet,
    TrainingPlanViewSet,
)
from ledger.api.views import EvidenceViewSet, IndicatorViewSet, SchemeViewSet
from outcomes.api.views import DestinationRatesView, DestinationViewSet
from portal.api import EraseMeView, EraseUserView, MyDataView
from reach.api.views import RobotViewSet
from reports.api.views import ReportViewSet
from transfer.api.views import CallResponseViewSet, CallViewSet, InventorShareViewSet, TechSummaryViewSet


class Router(DefaultRouter):
    # No ".json" suffix routes: the API speaks JSON only, and every route tried costs each
    # request.
    include_format_suffixes = False


router = Router()
# The most-read public lists first: routes are tried in order.
router.register("scorecards", ScorecardViewSet, basename="scorecard")
router.register("projects", ProjectViewSet, basename="project")
router.include_root_view = False
router.register("users", UserViewSet, basename="user")
router.register("colleges", CollegeViewSet, basename="college")
router.register("majors", MajorViewSet, basename="major")
# A major's committee decisions are an action on it: same URLs, the radar's own viewset.
router.register("majors", MajorDecisionViewSet, basename="major-decisions")
router.register("industry-colleges", IndustryCollegeViewSet, basename="industry-college")
router.register("partnerships", PartnershipViewSet, basename="partnership")
router.register("cohorts", CohortViewSet, basename="cohort")
router.register("dual-positions", DualPositionViewSet, basename="dual-position")
router.register("practice-logs", PracticeLogViewSet, basename="practice-log")
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
router.register("flags", FlagViewSet, basename="flag")
router.register("hour-logs", HourLogViewSet, basename="hour-log")
router.register("match-requests", MatchRequestViewSet, basename="match-request")
router.register("applications", ApplicationViewSet, basename="application")
router.register("talent-demands", TalentDemandViewSet, basename="talent-demand")
router.register("skills", SkillViewSet, basename="skill")
router.register("skill-crosswalks", SkillCrosswalkViewSet, basename="skill-crosswalk")
router.register("courses", CourseViewSet, basename="course")
router.register("modules", ModuleViewSet, basename="module")
router.register("offerings", OfferingViewSet, basename="offering")
router.register("enrollments", EnrollmentViewSet, basename="enrollment")
router.register("credits", CreditTransactionViewSet, basename="credit")
router.register("schemes", SchemeViewSet, basename="scheme")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("certificate-types", CertificateTypeViewSet, basename="certificate-type")
router.register("conversion-rules", ConversionRuleViewSet, basename="conversion-rule")
router.register("certificates", CertificateViewSet, basename="certificate")
router.register("learners", LearnerViewSet, basename="learner")
router.register("credentials", CredentialViewSet, basename="credential")
router.register("training-sessions", TrainingSessionViewSet, basename="training-session")
router.register("materials", MaterialViewSet, basename="material")
router.register("employments", EmploymentViewSet, basename="employment")
router.register("performance-reviews", PerformanceReviewViewSet, basename="performance-review")
router.register("ladders", LadderViewSet, basename="ladder")
router.register("ip-agreements", IpAgreementViewSet, basename="ip-agreement")
router.register("internship-positions", PositionViewSet, basename="internship-position")
router.register("internship-exceptions", HoursExceptionViewSet, basename="internship-exception")
router.register("internships", InternshipViewSet, basename="internship")
router.register("pre-job-training", PreJobTrainingViewSet, basename="pre-job-training")
router.register("internship-logs", InternshipLogViewSet, basename="internship-log")
router.register("internship-visits", InternshipVisitViewSet, basename="internship-visit")
router.register("internship-evaluations", InternshipEvaluationViewSet, basename="internship-evaluation")
router.register("internship-alerts", InternshipAlertViewSet, basename="internship-alert")
router.register("outcomes", DestinationViewSet, basename="outcome")
router.register("frameworks", FrameworkViewSet, basename="framework")
router.register("competencies", CompetencyViewSet, basename="competency")
router.register("learning-plan-templates", PlanTemplateViewSet, basename="learning-plan-template")
router.register("learning-plans", LearningPlanViewSet, basename="learning-plan")
router.register("reports", ReportViewSet, basename="report")
router.register("credit-requests", CreditRequestViewSet, basename="credit-request")
router.register("feedback", FeedbackViewSet, basename="feedback")
router.register("endorsements", EndorsementViewSet, basename="endorsement")
router.register("apprenticeships", ApprenticeshipViewSet, basename="apprenticeship")
router.register("review-forms", ReviewFormViewSet, basename="review-form")
router.register("progress-reviews", ProgressReviewViewSet, basename="progress-review")
router.register("portfolio-items", PortfolioItemViewSet, basename="portfolio-item")
router.register("calls", CallViewSet, basename="call")
router.register("call-responses", CallResponseViewSet, basename="call-response")
router.register("tech-summaries", TechSummaryViewSet, basename="tech-summary")
router.register("inventor-shares", InventorShareViewSet, basename="inventor-share")
router.register("training-plans", TrainingPlanViewSet, basename="training-plan")
router.register("contributions", ContributionViewSet, basename="contribution")
# Shares and distributions are actions on an industry college: same URLs, their own scope.
router.register("industry-colleges", IndustryCollegeSharesViewSet, basename="industry-college-shares")
router.register("improvement-actions", ImprovementActionViewSet, basename="improvement-action")
router.register("audit-log", AuditLogViewSet, basename="audit-entry")
router.register("robots", RobotViewSet, basename="robot")

urlpatterns = [
    # A person's data, before the users resource (same prefix).
    path("users/me/export/", MyDataView.as_view(), name="api-my-data"),
    path("users/me/erase/", EraseMeView.as_view(), name="api-erase-me"),
    path("users/<int:pk>/erase/", EraseUserView.as_view(), name="api-erase-user"),
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("auth/tokens/", TokenListView.as_view(), name="api-tokens"),
    path("auth/tokens/<str:key>/", TokenDetailView.as_view(), name="api-token-detail"),
    path("auth/logout/", LogoutView.as_view(), name="api-logout"),
    path("tasks/<uuid:task_id>/", TaskStatusView.as_view(), name="api-task"),
    path("radar/skills/", RadarSkillsView.as_view(), name="api-radar-skills"),
    path("radar/majors/", RadarMajorsView.as_view(), name="api-radar-majors"),
    path("radar/recompute/", RadarRecomputeView.as_view(), name="api-radar-recompute"),
    path("outcomes/rates/", DestinationRatesView.as_view(), name="api-outcome-rates"),
    path("", include(router.urls)),
]
