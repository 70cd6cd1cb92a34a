from django.conf import settings
from django.contrib import admin
from django.urls import include, path, register_converter
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import phone as phone_views
from accounts import views as account_views
from accounts.audit_pages import AUDIT
from accounts.pagekit import all_urls
from accounts.people import PEOPLE
from apprenticeship import pages as apprenticeship_pages
from colleges import pages as college_pages
from colleges import views as college_views
from competencies import pages as competency_pages
from courses import pages as course_pages
from courses import views as course_views
from credits import pages as credit_pages
from enterprises import pages as enterprise_pages
from evaluation import pages as evaluation_pages
from evaluation import views as evaluation_views
from feedback import pages as feedback_pages
from internships import pages as internship_pages
from ledger import pages as ledger_pages
from outcomes import pages as outcome_pages
from portal import public as portal_public
from portal import views as portal_views
from reach import pages as reach_pages
from reports import pages as report_pages
from transfer import pages as transfer_pages


class OrganisationKind:
    """``colleges`` or ``enterprises``: the two kinds of issuer, each at its own address."""

    regex = "colleges|enterprises"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(OrganisationKind, "org")

urlpatterns = [
    # The API first: its prefix is one test for every other address, and its own routes are
    # then tried without going through every page's.
    path("api/v1/", include(("config.api_urls", "api"))),
    path("", portal_views.home, name="home"),
    path("healthz/", portal_views.healthz, name="healthz"),
    path("livez/", portal_views.livez, name="livez"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's, for one).
    path("favicon.ico", portal_views.favicon),
    path("dashboard/", portal_views.dashboard, name="dashboard"),
    path("catalogue/", portal_views.catalogue, name="catalogue"),
    path("radar/", evaluation_views.radar_page, name="radar"),
    path("radar/recompute/", evaluation_views.radar_recompute, name="radar-recompute"),
    path("scorecards/recompute/", evaluation_views.scorecards_recompute, name="scorecards-recompute"),
    # The person: inbox, profile, language, their data.
    path("inbox/", account_views.inbox, name="inbox"),
    path("inbox/read-all/", account_views.inbox_read_all, name="inbox-read-all"),
    path("inbox/<int:pk>/open/", account_views.inbox_open, name="inbox-open"),
    path("profile/", account_views.profile, name="profile"),
    path("profile/tokens/", account_views.api_tokens, name="api-tokens"),
    path("profile/my-data/", portal_views.my_data, name="my-data"),
    path("profile/erase/", portal_views.erase_me, name="erase-me"),
    path("language/", account_views.set_language, name="set_language"),
    path("people/import/", college_views.roster_import, name="people-import"),
    path("imports/jobs/<int:pk>/", account_views.import_job, name="import-job"),
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
    path("transcript/", course_views.my_transcript, name="my-transcript"),
    path("transcripts/<str:token>/", course_views.transcript_public, name="transcript-public"),
    # Every section of the web application: list, detail, actions, create and edit.
    *all_urls(
        [
            *enterprise_pages.SECTIONS,
            *course_pages.SECTIONS,
            *college_pages.SECTIONS,
            *ledger_pages.SECTIONS,
            *evaluation_pages.SECTIONS,
            *internship_pages.SECTIONS,
            *apprenticeship_pages.SECTIONS,
            *outcome_pages.SECTIONS,
            *competency_pages.SECTIONS,
            *report_pages.SECTIONS,
            *credit_pages.SECTIONS,
            *feedback_pages.SECTIONS,
            *transfer_pages.SECTIONS,
            *reach_pages.SECTIONS,
            PEOPLE,
            AUDIT,
        ]
    ),
    path("imports/<slug:kind>/", portal_views.import_page, name="import"),
    path("accounts/login/", account_views.LoginView.as_view(), name="account_login"),
    path(
        "accounts/password/reset/", account_views.PasswordResetView.as_view(), name="account_reset_password"
    ),
    # A mobile number: a login code by SMS, one's number changed and verified, a new
    # password with a code by SMS (accounts.phone); gateway failures and limits are messages.
    path(
        "accounts/login/code/", phone_views.RequestLoginCodeView.as_view(), name="account_request_login_code"
    ),
    path("accounts/phone/change/", phone_views.ChangePhoneView.as_view(), name="account_change_phone"),
    path(
        "accounts/password/reset/phone/",
        phone_views.password_reset_phone,
        name="account_reset_password_phone",
    ),
    path(
        "accounts/password/reset/phone/confirm/",
        phone_views.password_reset_phone_confirm,
        name="account_reset_password_phone_confirm",
    ),
    # The admin's own login would skip the second factor: it goes through the portal's.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

admin.site.site_header = "Chanjiao"
admin.site.site_title = "Chanjiao"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
