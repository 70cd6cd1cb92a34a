from django.conf import settings
from django.contrib import admin
from django.urls import include, path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import views as account_views
from courses import views as course_views
from enterprises import views as enterprise_views
from evaluation import views as evaluation_views
from ledger import views as ledger_views
from portal import public as portal_public
from portal import views as portal_views


class OrganisationKind:
    """``colleges`` or ``enterprises``: the two kinds of issuer, each at its own address."""

    regex = "colleges|enterprises"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(OrganisationKind, "org")

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("healthz/", portal_views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's, for one).
    path("favicon.ico", portal_views.favicon),
    path("dashboard/", portal_views.dashboard, name="dashboard"),
    path("scorecards/", evaluation_views.scorecard_list, name="scorecards"),
    path("scorecards/<int:pk>/", evaluation_views.scorecard_detail, name="scorecard-detail"),
    path("radar/", evaluation_views.radar_page, name="radar"),
    path("majors/<int:pk>/decide/", evaluation_views.major_decide, name="major-decide"),
    # Open Badges: credentials, their holders, achievements, issuers and revocation lists.
    path("credentials/verify/", portal_public.verify_page, name="credential-verify"),
    path("credentials/<uuid:public_id>/", course_views.credential_page, name="credential"),
    path("credentials/<uuid:public_id>/sharing/", course_views.credential_sharing, name="credential-sharing"),
    path("credentials/<uuid:public_id>/revoke/", course_views.credential_revoke, name="credential-revoke"),
    path("learners/<uuid:public_id>/", course_views.learner_public_profile, name="learner-public"),
    path("achievements/<slug:key>/", course_views.achievement_page, name="achievement"),
    path("<org:kind>/<slug:code>/", portal_public.organisation_profile, name="organisation"),
    path("<org:kind>/<slug:code>/credentials/status/", portal_public.status_list, name="status-list"),
    path("learners/<int:pk>/transcript/", course_views.transcript_page, name="transcript"),
    path("learners/<int:pk>/transcript/sharing/", course_views.transcript_sharing, name="transcript-sharing"),
    path("transcripts/<str:token>/", course_views.transcript_public, name="transcript-public"),
    # Actions the dashboards offer (POST, the same services as the API).
    path("projects/post/", enterprise_views.project_post, name="project-post"),
    path("projects/<int:pk>/<str:action>/", enterprise_views.project_action, name="project-action"),
    path(
        "applications/<int:pk>/<str:action>/", enterprise_views.application_action, name="application-action"
    ),
    path(
        "dual-positions/<int:pk>/recognize/", enterprise_views.position_recognize, name="position-recognize"
    ),
    path(
        "practice-logs/<int:pk>/confirm/", enterprise_views.practice_log_confirm, name="practice-log-confirm"
    ),
    path("practice-logs/new/", course_views.log_practice, name="log-practice"),
    path("offerings/<int:pk>/enroll/", course_views.enroll, name="enroll"),
    path("certificates/<int:pk>/verify/", course_views.certificate_verify, name="certificate-verify"),
    path("employments/<int:pk>/confirm/", enterprise_views.employment_confirm, name="employment-confirm"),
    path("ip-agreements/<int:pk>/accept/", enterprise_views.ip_agreement_accept, name="ip-accept"),
    path("enrollments/<int:pk>/grade/", course_views.grade, name="grade"),
    path("evidence/new/", ledger_views.evidence_submit, name="evidence-submit"),
    path("evidence/<int:pk>/<str:action>/", ledger_views.evidence_decide, name="evidence-decide"),
    path("scorecards/<int:pk>/<str:step>/", evaluation_views.scorecard_step, name="scorecard-step"),
    path("accounts/login/", account_views.LoginView.as_view(), name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("config.api_urls", "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

admin.site.site_header = "Chanjiao"
admin.site.site_title = "Chanjiao"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
