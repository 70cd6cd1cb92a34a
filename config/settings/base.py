"""Settings shared by every environment, read from environment variables.

One ``environ.Env()`` reads them all; `.env.example` lists every variable.
"""

import datetime
from pathlib import Path

import django_stubs_ext
import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    # Sign-in through WeChat, WeCom, DingTalk and Feishu (see "Social sign-in" below).
    "accounts.providers.weixin",
    "accounts.providers.wecom",
    "accounts.providers.dingtalk",
    "accounts.providers.feishu",
    "accounts",
    "ledger",
    "colleges",
    "enterprises",
    "reach",
    "internships",
    "outcomes",
    "competencies",
    "reports",
    "credits",
    "feedback",
    "apprenticeship",
    "transfer",
    "courses",
    "evaluation",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An anonymous reader's repeated GET of a public list, answered before the rest of the
    # stack from the whole answer it gave last time, if still current (accounts.public_cache).
    "accounts.public_cache.ServeCachedAnswers",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    "accounts.audit.ActorMiddleware",
    # After a write, this browser's reads stay on the primary for a while (accounts.replica).
    "accounts.replica.PinAfterWrite",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.navigation.navigation",
            ],
            # ``person`` and ``colon`` are used by nearly every page.
            "builtins": [
                "accounts.templatetags.people",
                "accounts.templatetags.dates",
                "accounts.templatetags.links",
                "accounts.templatetags.punctuation",
            ],
        },
    },
]

# SQLite is only the embedded default, so the portal runs with nothing but Python.
# ``transaction_mode=IMMEDIATE`` takes the write lock when a transaction begins, so two
# requests cannot both read a row and then fight over upgrading to a write lock.
DATABASES = {
    "default": env.db(
        "DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A read replica (a PostgreSQL hot standby): the public lists read from it when it is up and
# has replayed their publication version; everything else, every write and every migration
# stays on the primary (accounts.replica). A short connect timeout: a replica that is down
# costs a reader at most that before the primary answers.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    DATABASES["replica"]["ATOMIC_REQUESTS"] = False
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["accounts.replica.PrimaryRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The ledger's covering index and its rollups' key INCLUDE columns on PostgreSQL; SQLite
# builds them without and says so (models.W040, models.W039). That is expected on the
# embedded database.
SILENCED_SYSTEM_CHECKS = ["models.W039", "models.W040"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.PortalModelBackend",
    "accounts.backends.PortalAllauthBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# --- Internationalisation -------------------------------------------------------------
# The language of whoever states none (no choice on their profile, no Accept-Language): the
# portal is first of all for China's vocational colleges.
LANGUAGE_CODE = env("LANGUAGE_CODE", default="zh-hans")
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "static")))
# WhiteNoise serves from STATIC_ROOT and warns on every request while it is missing.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Cache and Celery -----------------------------------------------------------------
# Redis is the Celery broker and the shared cache. Without it the cache is per-process
# memory and tasks run in-process, so the quick start needs nothing. Nothing that must not be
# lost lives in the cache (sessions, login counters and recompute marks are in the database),
# and the cache carries on when Redis is away.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "accounts.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    # So that GET /api/v1/tasks/{id}/ can report on a task that already ran in-process.
    CELERY_TASK_STORE_EAGER_RESULT = True

# Changes within this many seconds of each other are recomputed by one run (the ledger's
# dirty marks make sure none is lost; see evaluation.pending).
RECOMPUTE_COALESCE_SECONDS = env.float("RECOMPUTE_COALESCE_SECONDS", default=2.0)

CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TRACK_STARTED = True
# A task is acknowledged only when it finishes, and a worker that dies mid-task hands it back
# to the broker: every task is idempotent, so running one twice is harmless.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# How long Redis keeps a task that a worker took but never acknowledged (it died) before
# handing it to another worker, and how often workers sweep for such tasks (every
# interval × throttle seconds).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task not acknowledged this long after it was taken (its worker died) goes back to the
    # queue: a minute, as every task here is short and idempotent.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
}

# --- REST API -------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "accounts.api.base.Pagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "accounts.api.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "accounts.api.base.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["accounts.api.parsers.SafeJSONParser"],
    # Client addresses come from the connection, or from the proxies named trusted below.
    "NUM_PROXIES": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "COERCE_DECIMAL_TO_STRING": True,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Chanjiao API",
    "DESCRIPTION": "The industry college portal: colleges, enterprises, projects, courses "
    "and the three-dimensional evaluation.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ProjectStatusEnum": "enterprises.models.Project.Status",
        "TechSummaryVisibilityEnum": "transfer.models.TechSummary.Visibility",
        "VisibilityEnum": "enterprises.models.Project.Visibility",  # its name before summaries had one
        "EnrollmentStatusEnum": "courses.models.Enrollment.Status",
        "MajorStatusEnum": "colleges.models.Major.Status",
        "DualPositionStatusEnum": "colleges.models.DualPosition.Status",
        "PracticeLogStatusEnum": "colleges.models.PracticeLog.Status",
        "ApplicationStatusEnum": "enterprises.models.Application.Status",
        "EvidenceStatusEnum": "ledger.models.Evidence.Status",
        "ScorecardStatusEnum": "evaluation.models.Scorecard.Status",
        "ImprovementActionStatusEnum": "evaluation.models.ImprovementAction.Status",
        "PreJobTrainingKindEnum": "internships.models.PreJobTraining.Kind",
        "DestinationSourceEnum": "outcomes.models.Source",
        "EvidenceSourceEnum": "ledger.models.Evidence.Source",
        "HourLogStatusEnum": "enterprises.models.HourLog.Status",
    },
}

# --- allauth --------------------------------------------------------------------------
ACCOUNT_LOGIN_METHODS = {"username", "email", "phone"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "phone", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
# Accounts are created by platform admins; self sign-up stays closed unless turned on.
ACCOUNT_ALLOW_SIGNUP = env.bool("ACCOUNT_ALLOW_SIGNUP", default=False)
ACCOUNT_LOGOUT_ON_GET = False
# Failed logins are limited by accounts.throttles (counted atomically in the database, for
# the login page and the token endpoint alike), not by allauth's cache counters.
ACCOUNT_RATE_LIMITS = {
    "login_failed": None,
    # Codes by SMS are counted by accounts.throttles too (SMS_PER_NUMBER, SMS_PER_ADDRESS).
    "request_login_code": None,
    "verify_phone": None,
    "change_phone": None,
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Chanjiao"
# A TOTP code works once: the login's second step and reauthentication record its use in the
# database (accounts.mfa), not only in allauth's cache.
MFA_FORMS = {
    "authenticate": "accounts.mfa.AuthenticateForm",
    "reauthenticate": "accounts.mfa.ReauthenticateForm",
}

# --- Mobile numbers and SMS ------------------------------------------------------------
# A verified mobile number logs in with a code sent by SMS (accounts.phone); codes by e-mail
# are not offered. Codes expire after these many seconds and a few wrong tries.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 5 * 60
ACCOUNT_PHONE_VERIFICATION_TIMEOUT = 10 * 60
ACCOUNT_PASSWORD_RESET_BY_CODE_TIMEOUT = 10 * 60
# Six digits, as people expect a code by SMS (and as the providers' code templates take).
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "dashed": False, "length": 6}
ACCOUNT_FORMS = {
    "request_login_code": "accounts.phone.RequestLoginCodeForm",
    "change_phone": "accounts.phone.ChangePhoneForm",
    "confirm_login_code": "accounts.phone.ConfirmLoginCodeForm",
    "verify_phone": "accounts.phone.VerifyPhoneForm",
}
# Where SMS go (accounts.sms): "console" (the log), "alibaba" (Alibaba Cloud SMS) or
# "tencent" (Tencent Cloud SMS), with the provider's access key, approved sign name and code
# template (its one parameter is the code; Alibaba's is named "code").
SMS_BACKEND = env("SMS_BACKEND", default="console")
SMS_ACCESS_KEY_ID = env("SMS_ACCESS_KEY_ID", default="")
SMS_ACCESS_KEY_SECRET = env("SMS_ACCESS_KEY_SECRET", default="")
SMS_SIGN_NAME = env("SMS_SIGN_NAME", default="")
SMS_TEMPLATE_CODE = env("SMS_TEMPLATE_CODE", default="")
SMS_APP_ID = env("SMS_APP_ID", default="")  # Tencent's SmsSdkAppId
SMS_REGION = env("SMS_REGION", default="")  # cn-hangzhou (Alibaba), ap-guangzhou (Tencent)
SMS_ENDPOINT = env("SMS_ENDPOINT", default="")  # the provider's own unless set
SMS_TIMEOUT = env.float("SMS_TIMEOUT", default=10.0)
# Codes sent (to any number, known or not) per number and per client address, counted in
# the database like login attempts (accounts.throttles).
SMS_PER_NUMBER = env("SMS_PER_NUMBER", default="5/1h")
SMS_PER_ADDRESS = env("SMS_PER_ADDRESS", default="20/1h")

# --- Social sign-in: WeChat, WeCom, DingTalk, Feishu -----------------------------------
# Each provider is offered on the login page only when its credentials are set. A first login
# through one never creates an account: accounts.social matches it to the one active person
# whose mobile number or e-mail the provider asserts as verified, or refuses it. The
# endpoints' base addresses are settings so that a deployment behind a gateway (and the
# tests, with a local stand-in) can point the same code elsewhere.
SOCIALACCOUNT_ADAPTER = "accounts.social.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_QUERY_EMAIL = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = env.int("SOCIALACCOUNT_REQUESTS_TIMEOUT", default=10)


def _social_app(client_id: str, secret: str, **extra: str) -> list[dict[str, object]]:
    """The provider's app when the deployment configured one; none hides the provider."""
    if not (client_id and secret):
        return []
    return [{"client_id": client_id, "secret": secret, "key": "", "settings": dict(extra)}]


SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, object]] = {
    # WeChat: the open platform's QR-code login on a computer; inside WeChat, the official
    # account's web authorisation (its own app id and secret, when set).
    "weixin": {
        "APPS": _social_app(env("WEIXIN_APP_ID", default=""), env("WEIXIN_APP_SECRET", default=""))
        + _social_app(
            env("WEIXIN_MP_APP_ID", default=""), env("WEIXIN_MP_APP_SECRET", default=""), in_wechat="1"
        ),
        "OPEN_URL": env("WEIXIN_OPEN_URL", default="https://open.weixin.qq.com"),
        "API_URL": env("WEIXIN_API_URL", default="https://api.weixin.qq.com"),
    },
    "wecom": {
        "APPS": _social_app(
            env("WECOM_CORP_ID", default=""),
            env("WECOM_SECRET", default=""),
            agent_id=env("WECOM_AGENT_ID", default=""),
        ),
        "LOGIN_URL": env("WECOM_LOGIN_URL", default="https://login.work.weixin.qq.com"),
        "OPEN_URL": env("WECOM_OPEN_URL", default="https://open.weixin.qq.com"),
        "API_URL": env("WECOM_API_URL", default="https://qyapi.weixin.qq.com"),
    },
    "dingtalk": {
        "APPS": _social_app(env("DINGTALK_CLIENT_ID", default=""), env("DINGTALK_CLIENT_SECRET", default="")),
        "LOGIN_URL": env("DINGTALK_LOGIN_URL", default="https://login.dingtalk.com"),
        "API_URL": env("DINGTALK_API_URL", default="https://api.dingtalk.com"),
    },
    "feishu": {
        "APPS": _social_app(env("FEISHU_APP_ID", default=""), env("FEISHU_APP_SECRET", default="")),
        "API_URL": env("FEISHU_API_URL", default="https://open.feishu.cn"),
    },
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Chanjiao <noreply@localhost>")
# The portal's address as people reach it, for links in e-mails sent outside a request.
PORTAL_URL = env("PORTAL_URL", default="http://127.0.0.1:8000")
# Whether notifications also go out by e-mail to those who chose it (the inbox always has them).
NOTIFICATION_EMAILS = env.bool("NOTIFICATION_EMAILS", default=True)

# Flagged postings (enterprises.vetting): a posting is hidden from students and the public
# while this many different accounts have an open flag on it (one account alone hides
# nothing), and one account raises at most FLAGS_PER_DAY flags in 24 hours.
FLAGS_TO_HIDE = env.int("FLAGS_TO_HIDE", default=3)
FLAGS_PER_DAY = env.int("FLAGS_PER_DAY", default=10)

# The census dates of graduate destinations (month-day, in the graduation year): the national
# reporting takes them as of 31 August and 31 December.
OUTCOME_CENSUS_DAYS = env.list("OUTCOME_CENSUS_DAYS", default=["08-31", "12-31"])

# Uploaded files (apprentices' portfolio evidence). Never served by the web server under a
# public URL: each download goes through a view that checks who asks (``apprenticeship``).
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"
# The largest portfolio file accepted, in bytes (10 MB).
PORTFOLIO_MAX_BYTES = env.int("PORTFOLIO_MAX_BYTES", default=10 * 1024 * 1024)

# --- Group robots (reach) ---------------------------------------------------------------
# Notifications also go to the WeCom, DingTalk or Feishu group robots colleges and enterprises
# set up. A webhook's host must be its platform's (qyapi.weixin.qq.com, oapi.dingtalk.com,
# open.feishu.cn / open.larksuite.com); REACH_WEBHOOK_HOSTS replaces those hosts (and allows
# http and a port): a private deployment of the platform, or the stand-in of the tests.
REACH_WEBHOOK_HOSTS = [host for host in env.list("REACH_WEBHOOK_HOSTS", default=[]) if host]
# Seconds a robot's platform has to answer one post.
REACH_TIMEOUT = env.int("REACH_TIMEOUT", default=10)
# How many times a message is tried before it is marked failed, and the first wait between
# tries in seconds (doubled each time, at most ten minutes).
REACH_ATTEMPTS = env.int("REACH_ATTEMPTS", default=5)
REACH_RETRY_BACKOFF = env.int("REACH_RETRY_BACKOFF", default=30)
# Days a robot's deliveries are kept for its organisation to see, then forgotten.
REACH_DELIVERY_DAYS = env.int("REACH_DELIVERY_DAYS", default=30)

# --- Security headers -----------------------------------------------------------------
# No inline scripts anywhere: every script is a static file.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# The login buttons post to the portal, which redirects to the provider's authorisation page:
# browsers hold that redirect to form-action too, so the configured providers' hosts are in it.
SECURE_CSP["form-action"] = [
    CSP.SELF,
    *sorted(
        {
            "/".join(str(provider[key]).split("/")[:3])
            for provider in SOCIALACCOUNT_PROVIDERS.values()
            if provider["APPS"]
            for key in ("OPEN_URL", "LOGIN_URL", "API_URL")
            if key in provider
        }
    ),
]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# Open Badges credentials are signed with this Ed25519 key (the 32-byte seed, base64url)
# when it is set; its public half is published at /.well-known/credential-key.json.
CREDENTIAL_SIGNING_KEY = env("CREDENTIAL_SIGNING_KEY", default="")

# Demo logins (seed_demo) share one password; production settings refuse it.
DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - public by design, refused in production
ALLOW_DEMO_PASSWORD = True

# --- Logins and tokens ------------------------------------------------------------------
# How many reverse proxies in front of the portal append to X-Forwarded-For (0: the client's
# address is the connection's, and the header is ignored: anyone can send it).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT
# Password attempts (right or wrong) counted before the password is checked; a right one is
# taken back. Per account (wherever they come from) and per client address.
LOGIN_ATTEMPTS_PER_ACCOUNT = env("LOGIN_ATTEMPTS_PER_ACCOUNT", default="5/15m")
LOGIN_ATTEMPTS_PER_ADDRESS = env("LOGIN_ATTEMPTS_PER_ADDRESS", default="100/15m")
# Roles that must use two-factor authentication: asked to set it up at their next login, and
# refused API tokens until they have.
MFA_REQUIRED_ROLES = env.list("MFA_REQUIRED_ROLES", default=["platform_admin", "evaluator"])
# API tokens: stored hashed (django-rest-knox), expiring, listed and revoked by their owner,
# and all revoked when the password changes.
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(days=env.int("API_TOKEN_DAYS", default=30)),
    "TOKEN_LIMIT_PER_USER": 20,
    "AUTO_REFRESH": False,
    "TOKEN_PREFIX": "cj_",
}


# Internships: the Provisions on the Management of Vocational School Student Internships (2021)
# as defaults; a province or a college with stricter rules changes them here.
INTERNSHIP_RULES = {
    "min_age_placement": 16,  # no placement internship below this age
    "guardian_below_age": 18,  # a guardian accepts the agreement too below this age
    "max_share_of_enterprise_staff": 10,  # % of the enterprise's staff who may be placement interns
    "max_share_of_position_staff": 20,  # % of a position's staff
    "max_hours_per_day": 8,  # placements, unless the college records an exception
    "typical_placement_months": 6,  # longer needs a reason
    "min_pay_share_of_probation_wage": 80,  # % for a placement of relatively independent work
    "pay_due_days_after_month": 15,  # a month with no pay recorded this long after is unpaid
}
