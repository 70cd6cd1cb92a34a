"""The inventory of personal data (PIPL arts. 45 and 47): every field of every model that holds
something about a person, its class, and what erasure does with it; and how to find a
person's rows of each model. The export (``portal.privacy.export_data``) and the erasure
(``portal.privacy.erase_person``) walk this list and nothing else, so a field added here is
exported and erased, and a field forgotten here fails ``tests/test_inventory.py``.

A model may hold data about several people: an application is the student's (their
motivation) and the engineer's who decided it (that they decided, and when). Each is a
``Holding``: the model, the path from its rows to the person, and the fields that are about
that person. A field is about one person only: the free text belongs to whoever wrote it.

Spans every app, so it lives at the top, and names models by label (no imports).
"""

import enum
from dataclasses import dataclass


class Category(enum.StrEnum):
    IDENTIFIER = "identifier"  # names, user name, numbers that single the person out
    CONTACT = "contact"  # e-mail address, IP address, browser
    SENSITIVE = "sensitive"  # birth date, guardian, pay, insurance (PIPL art. 28: a minor's data)
    FREE_TEXT = "free text"  # written by the person
    RECORD = "record"  # what they did and when: grades, dates, hours, the acts they signed
    ACCOUNT = "account"  # logins, tokens, second factors, sessions, notifications


class Erasure(enum.StrEnum):
    BLANK = "blank"  # emptied ("" / null / {})
    PSEUDONYM = "pseudonym"  # replaced by "erased-<row id>": unique, names nobody
    GENERALISE = "generalise"  # a date kept to its year
    KEEP = "keep"  # kept, with the reason; anonymous once the identifiers are gone
    DELETE = "delete"  # the whole row goes (see Holding.delete)


# The reasons for keeping, said once.
FIGURES = (
    "kept: a published figure (scorecard, rates) is computed from it; anonymous once the "
    "names are gone, and erasure must not move a published figure"
)
RECORDS = (
    "kept: the college's records of study (Vocational Education Law art. 51: the college "
    "certifies study; issued credentials stay verifiable); anonymous once the names are gone"
)
INTERNSHIP_FILE = (
    "kept: the college keeps the internship's file (Provisions on the Administration of "
    "Vocational School Students' Internships, 2021, art. 34) and pay is checked against the "
    "probation wage (art. 17); anonymous once the names are gone"
)
ACT = (
    "kept: who did an act on a shared record is part of that record (audit, PIPL art. 47 "
    "para. 2 allows keeping what cannot be separated); refers to the erased account by id"
)
ORDER = "kept: a date with no name; the record's order and history need it"
INVENTION = (
    "kept: who invented a result and their share of its income are the college's record of the "
    "invention and of money paid (Law on Promoting the Transformation of Scientific and "
    "Technological Achievements, art. 45); refers to the erased account by id"
)


@dataclass(frozen=True)
class Personal:
    name: str  # the field's name on the model
    category: Category
    erasure: Erasure
    why: str = ""  # for KEEP: the reason
    exported: bool = True  # False only for secrets (a token's digest, a second factor's key)


@dataclass(frozen=True)
class Holding:
    model: str  # app_label.ModelName
    person: str  # the path from a row to the person ("" : the row is the person)
    fields: tuple[Personal, ...]
    export: str = ""  # the export's file name; "" : "<model>.<person>"
    context: tuple[str, ...] = ()  # not personal, exported to make a row readable
    delete: bool = False  # erasure deletes the person's rows of this holding
    why_delete: str = ""

    @property
    def label(self) -> str:
        return self.export or f"{self.model}.{self.person}"


def P(name: str, category: Category, erasure: Erasure, why: str = "", exported: bool = True) -> Personal:
    return Personal(name, category, erasure, why, exported)


C, E = Category, Erasure


def _act(*names: str) -> tuple[Personal, ...]:
    """A person's signature on a shared record: the reference to them and when they acted."""
    return tuple(P(n, C.RECORD, E.KEEP, ACT) for n in names)


INVENTORY: tuple[Holding, ...] = (
    # --- the account ----------------------------------------------------------------------
    Holding(
        "accounts.User",
        "",
        (
            P("username", C.IDENTIFIER, E.PSEUDONYM),
            P("first_name", C.IDENTIFIER, E.BLANK),
            P("last_name", C.IDENTIFIER, E.BLANK),
            P("email", C.CONTACT, E.BLANK),
            P("phone", C.CONTACT, E.BLANK),
            P("phone_verified", C.CONTACT, E.BLANK),
            P("language", C.ACCOUNT, E.BLANK),
            P("email_events", C.ACCOUNT, E.BLANK),
            P("last_login", C.ACCOUNT, E.BLANK),
            P("date_joined", C.ACCOUNT, E.KEEP, ORDER),
            P("password", C.ACCOUNT, E.BLANK, exported=False),
        ),
        export="profile",
        context=("role", "college__name", "enterprise__name", "is_active"),
    ),
    Holding(
        "accounts.LearnerProfile",
        "user",
        (
            P("user", C.IDENTIFIER, E.KEEP, FIGURES),
            P("public_id", C.IDENTIFIER, E.PSEUDONYM),
            P("graduated_on", C.RECORD, E.KEEP, FIGURES),
        ),
        export="learner_profile",
        context=("college__name", "major__name", "entry_year"),
    ),
    Holding(
        "account.EmailAddress",
        "user",
        (P("user", C.ACCOUNT, E.DELETE), P("email", C.CONTACT, E.DELETE)),
        export="email_addresses",
        context=("verified", "primary"),
        delete=True,
    ),
    Holding(
        "account.EmailConfirmation",
        "email_address__user",
        (
            P("key", C.ACCOUNT, E.DELETE, exported=False),
            P("created", C.ACCOUNT, E.DELETE),
            P("sent", C.ACCOUNT, E.DELETE),
        ),
        export="email_confirmations",
        delete=True,
    ),
    Holding(
        "mfa.Authenticator",
        "user",
        (
            P("user", C.ACCOUNT, E.DELETE),
            P("data", C.ACCOUNT, E.DELETE, exported=False),
            P("created_at", C.ACCOUNT, E.DELETE),
            P("last_used_at", C.ACCOUNT, E.DELETE),
        ),
        export="two_factor",
        context=("type",),
        delete=True,
    ),
    Holding(
        "socialaccount.SocialAccount",
        "user",
        (
            P("user", C.ACCOUNT, E.DELETE),
            P("uid", C.IDENTIFIER, E.DELETE),
            P("extra_data", C.CONTACT, E.DELETE),
            P("last_login", C.ACCOUNT, E.DELETE),
            P("date_joined", C.ACCOUNT, E.DELETE),
        ),
        export="connected_accounts",
        context=("provider",),
        delete=True,
        why_delete="a connected WeChat, WeCom, DingTalk or Feishu account is a way to log in: it goes with the account",
    ),
    Holding(
        "socialaccount.SocialToken",
        "account__user",
        (
            P("token", C.ACCOUNT, E.DELETE, exported=False),
            P("token_secret", C.ACCOUNT, E.DELETE, exported=False),
            P("expires_at", C.ACCOUNT, E.DELETE),
        ),
        export="connected_account_tokens",
        delete=True,
        why_delete="a provider's token goes with the connected account it belongs to",
    ),
    Holding(
        "accounts.TotpStepUsed",
        "authenticator__user",
        (P("step", C.ACCOUNT, E.DELETE),),
        export="two_factor_codes_used",
        delete=True,
        why_delete="the record that a code was used goes with the second factor it belongs to",
    ),
    Holding(
        "knox.AuthToken",
        "user",
        (
            P("user", C.ACCOUNT, E.DELETE),
            P("digest", C.ACCOUNT, E.DELETE, exported=False),
            P("token_key", C.ACCOUNT, E.DELETE),
            P("created", C.ACCOUNT, E.DELETE),
            P("expiry", C.ACCOUNT, E.DELETE),
        ),
        export="api_tokens",
        delete=True,
    ),
    Holding(
        "accounts.LoginRecord",
        "user",
        (
            P("user", C.ACCOUNT, E.DELETE),
            P("at", C.ACCOUNT, E.DELETE),
            P("address", C.CONTACT, E.DELETE),
            P("user_agent", C.CONTACT, E.DELETE),
        ),
        export="logins",
        context=("method",),
        delete=True,
    ),
    Holding(
        "accounts.Notification",
        "recipient",
        (
            P("recipient", C.ACCOUNT, E.DELETE),
            # A notice's parameters name other people (the applicant, the engineer who decided):
            # the export gives its kind, link and dates; erasure scrubs the person's names from
            # other people's notices (portal.privacy).
            P("params", C.ACCOUNT, E.DELETE, exported=False),
            P("link", C.ACCOUNT, E.DELETE),
            P("created_at", C.ACCOUNT, E.DELETE),
            P("read_at", C.ACCOUNT, E.DELETE),
            P("emailed_at", C.ACCOUNT, E.DELETE),
        ),
        export="notifications",
        context=("kind",),
        delete=True,
    ),
    Holding(
        "accounts.IdempotencyRecord",
        "user",
        (
            P("user", C.ACCOUNT, E.DELETE),
            P("key", C.ACCOUNT, E.DELETE),
            P("body", C.ACCOUNT, E.DELETE, exported=False),
            P("created_at", C.ACCOUNT, E.DELETE),
        ),
        export="repeated_requests",
        delete=True,
        why_delete="a day's memory of answers; nothing is computed from it",
    ),
    Holding(
        "accounts.ImportJob",
        "user",
        (
            P("user", C.ACCOUNT, E.DELETE),
            # A roster file names other people too: it is not exported, only its outcome.
            P("file", C.FREE_TEXT, E.DELETE, exported=False),
            P("errors", C.FREE_TEXT, E.DELETE),
            P("started_at", C.ACCOUNT, E.DELETE),
            P("finished_at", C.ACCOUNT, E.DELETE),
        ),
        export="imports",
        context=("kind", "state", "created"),
        delete=True,
    ),
    Holding(
        "accounts.AuditEntry",
        "actor",
        (P("actor", C.RECORD, E.KEEP, ACT), P("at", C.RECORD, E.KEEP, ACT)),
        export="audit_acts",
        context=("action", "model", "object_id"),
    ),
    Holding(
        "admin.LogEntry",
        "user",
        (P("user", C.RECORD, E.KEEP, ACT), P("action_time", C.RECORD, E.KEEP, ACT)),
        export="admin_acts",
        context=("object_id", "action_flag"),
    ),
    # --- study -----------------------------------------------------------------------------
    Holding(
        "courses.Enrollment",
        "learner",
        (
            P("learner", C.RECORD, E.KEEP, RECORDS),
            P("enrolled_at", C.RECORD, E.KEEP, RECORDS),
            P("completed_at", C.RECORD, E.KEEP, RECORDS),
            P("grade", C.RECORD, E.KEEP, RECORDS),
        ),
        export="enrolments",
        context=(
            "offering__module__title",
            "offering__term",
            "offering__module__course__college__name",
            "status",
            "passed",
        ),
    ),
    Holding(
        "courses.CreditTransaction",
        "learner",
        (
            P("learner", C.RECORD, E.KEEP, RECORDS),
            P("posted_at", C.RECORD, E.KEEP, RECORDS),
            P("source", C.RECORD, E.KEEP, RECORDS),
        ),
        export="credits",
        context=("credits", "kind", "module__title"),
    ),
    Holding(
        "courses.CreditTransaction",
        "posted_by",
        _act("posted_by"),
        context=("credits", "kind", "module__title"),
    ),
    Holding("courses.Offering", "teacher", _act("teacher"), context=("module__title", "term")),
    Holding(
        "courses.Certificate",
        "learner",
        (
            P("learner", C.RECORD, E.KEEP, RECORDS),
            P("number", C.IDENTIFIER, E.PSEUDONYM),
            P("issued_on", C.RECORD, E.KEEP, RECORDS),
            P("verified_at", C.RECORD, E.KEEP, RECORDS),
            P("created_at", C.RECORD, E.KEEP, RECORDS),
        ),
        export="certificates",
        context=("certificate_type__name", "status"),
    ),
    Holding("courses.Certificate", "verified_by", _act("verified_by"), context=("certificate_type__name",)),
    Holding(
        "courses.Credential",
        "learner",
        (
            P("learner", C.RECORD, E.KEEP, RECORDS),
            P("public_id", C.IDENTIFIER, E.KEEP, RECORDS + "; withdrawn from public view"),
            P("issued_at", C.RECORD, E.KEEP, RECORDS),
            P("revoked_at", C.RECORD, E.KEEP, RECORDS),
            P("revocation_reason", C.RECORD, E.KEEP, RECORDS),
            P("grade", C.RECORD, E.KEEP, RECORDS),
        ),
        export="credentials",
        context=("kind", "name", "term", "shared", "show_grade"),
    ),
    Holding("courses.Credential", "revoked_by", _act("revoked_by"), context=("name",)),
    Holding(
        "courses.TranscriptShare",
        "learner",
        (
            P(
                "learner",
                C.ACCOUNT,
                E.KEEP,
                "kept revoked: a shared link must answer 'revoked', not 'unknown'",
            ),
            P("token", C.ACCOUNT, E.KEEP, "kept revoked: the link stops answering", exported=False),
            P("created_at", C.ACCOUNT, E.KEEP, ORDER),
            P("revoked_at", C.ACCOUNT, E.KEEP, ORDER),
        ),
        export="transcript_shares",
    ),
    # --- practice and work -----------------------------------------------------------------
    Holding(
        "colleges.DualPosition",
        "user",
        (
            P("user", C.RECORD, E.KEEP, FIGURES),
            P("title", C.IDENTIFIER, E.BLANK),
            P("start_date", C.RECORD, E.KEEP, FIGURES),
            P("end_date", C.RECORD, E.KEEP, FIGURES),
            P("recognized_at", C.RECORD, E.KEEP, FIGURES),
            P("created_at", C.RECORD, E.KEEP, ORDER),
        ),
        export="dual_positions",
        context=("enterprise__name", "role", "status"),
    ),
    Holding("colleges.DualPosition", "proposed_by", _act("proposed_by"), context=("enterprise__name",)),
    Holding("colleges.DualPosition", "recognized_by", _act("recognized_by"), context=("enterprise__name",)),
    Holding(
        "colleges.PracticeLog",
        "dual_position__user",
        (
            P("date", C.RECORD, E.KEEP, FIGURES),
            P("description", C.FREE_TEXT, E.BLANK),
            P("confirmed_at", C.RECORD, E.KEEP, FIGURES),
            P("created_at", C.RECORD, E.KEEP, ORDER),
        ),
        export="practice_hours",
        context=("dual_position__enterprise__name", "hours", "status"),
    ),
    Holding("colleges.PracticeLog", "confirmed_by", _act("confirmed_by"), context=("date", "hours")),
    Holding("colleges.Partnership", "proposed_by", _act("proposed_by", "proposed_at")),
    Holding(
        "colleges.Partnership",
        "decided_by",
        _act("decided_by", "decided_at"),
        export="partnerships_decided",
        context=("industry_college__name", "enterprise__name", "status"),
    ),
    Holding("colleges.Distribution", "created_by", _act("created_by", "created_at")),
    Holding(
        "enterprises.Employment",
        "learner",
        (
            P("learner", C.RECORD, E.KEEP, FIGURES),
            P("position", C.FREE_TEXT, E.BLANK),
            P("start_date", C.RECORD, E.KEEP, FIGURES),
            P("created_at", C.RECORD, E.KEEP, ORDER),
        ),
        export="employments",
        context=("enterprise__name", "in_field", "confirmed"),
    ),
    Holding("enterprises.Employment", "confirmed_by", _act("confirmed_by")),
    Holding("enterprises.Employment", "entered_by", _act("entered_by")),
    Holding(
        "enterprises.PerformanceReview",
        "employment__learner",
        (
            # Written about the person by their employer: it names them, so it goes.
            P("comment", C.FREE_TEXT, E.BLANK),
            P("created_at", C.RECORD, E.KEEP, ORDER),
        ),
        export="performance_reviews",
        context=("employment__enterprise__name", "period", "rating", "adaptation_days", "promoted"),
    ),
    Holding("enterprises.PerformanceReview", "reviewer", _act("reviewer")),
    Holding(
        "enterprises.Promotion",
        "learner",
        (P("learner", C.RECORD, E.KEEP, FIGURES), P("promoted_on", C.RECORD, E.KEEP, FIGURES)),
        export="ladder_promotions",
        context=("level__ladder__name", "level__name"),
    ),
    Holding("enterprises.Promotion", "promoted_by", _act("promoted_by")),
    # --- projects ---------------------------------------------------------------------------
    Holding(
        "enterprises.Application",
        "student",
        (
            P("student", C.RECORD, E.KEEP, FIGURES),
            P("motivation", C.FREE_TEXT, E.BLANK),
            P("created_at", C.RECORD, E.KEEP, ORDER),
        ),
        export="applications",
        context=("project__title", "status", "decided_at"),
    ),
    Holding(
        "enterprises.Application", "decided_by", _act("decided_by", "decided_at"), context=("project__title",)
    ),
    Holding(
        "enterprises.HourLog",
        "student",
        (
            P("student", C.RECORD, E.KEEP, FIGURES),
            P("date", C.RECORD, E.KEEP, FIGURES),
            P("description", C.FREE_TEXT, E.BLANK),
            # Written by the engineer about the student's hours, for the student to read: it is
            # about the student and goes with their other free text.
            P("reason", C.FREE_TEXT, E.BLANK),
            P("created_at", C.RECORD, E.KEEP, ORDER),
            P("updated_at", C.RECORD, E.KEEP, ORDER),
        ),
        export="project_hours",
        context=("project__title", "hours", "status", "decided_at"),
    ),
    Holding(
        "enterprises.HourLog",
        "decided_by",
        _act("decided_by", "decided_at"),
        context=("project__title", "date", "hours", "status"),
    ),
    # --- feedback on projects and endorsements --------------------------------------------
    Holding(
        "feedback.Feedback",
        "student",
        (
            P("student", C.RECORD, E.KEEP, FIGURES),
            P("opened_at", C.RECORD, E.KEEP, ORDER),
            P("closes_at", C.RECORD, E.KEEP, ORDER),
            # The student's own words and when they wrote them.
            P("student_comment", C.FREE_TEXT, E.BLANK),
            P("student_submitted_at", C.RECORD, E.KEEP, ORDER),
            # Written by the engineer about the student: it goes with the student's free text.
            P("engineer_comment", C.FREE_TEXT, E.BLANK),
            # For the college, not shown on the student's pages; but about the student, so in
            # the copy of their data they may ask for (the right of access); emptied on erasure.
            P("private_note", C.FREE_TEXT, E.BLANK),
            P("engineer_submitted_at", C.RECORD, E.KEEP, ORDER),
        ),
        export="project_feedback",
        context=("project__title", "student_rating", "project_rating", "mentor_rating"),
    ),
    Holding("feedback.Feedback", "engineer", _act("engineer"), context=("project__title",)),
    Holding(
        "feedback.Endorsement",
        "learner",
        (
            P("learner", C.RECORD, E.KEEP, RECORDS),
            P("comment", C.FREE_TEXT, E.BLANK),
            P("created_at", C.RECORD, E.KEEP, ORDER),
            P("issued_at", C.RECORD, E.KEEP, RECORDS),
            P("revoked_at", C.RECORD, E.KEEP, RECORDS),
        ),
        export="endorsements",
        context=("skill__code", "enterprise__name", "rating", "source", "hidden"),
    ),
    Holding("feedback.Endorsement", "endorsed_by", _act("endorsed_by"), context=("skill__code",)),
    # --- apprenticeships: reviews and portfolios ---------------------------------------------
    Holding(
        "apprenticeship.Apprenticeship",
        "learner",
        (P("learner", C.RECORD, E.KEEP, RECORDS), P("started_on", C.RECORD, E.KEEP, RECORDS)),
        export="apprenticeships",
        context=("ladder__name", "level__name", "active"),
    ),
    Holding("apprenticeship.Apprenticeship", "mentor", _act("mentor"), context=("ladder__name",)),
    Holding("apprenticeship.Apprenticeship", "teacher", _act("teacher"), context=("ladder__name",)),
    Holding(
        "apprenticeship.ProgressReview",
        "apprenticeship__learner",
        (
            # Written by the three parties about the apprentice's progress: about the
            # apprentice, it goes with their other free text.
            P("answers", C.FREE_TEXT, E.BLANK),
            P("summary", C.FREE_TEXT, E.BLANK),
            P("due_on", C.RECORD, E.KEEP, ORDER),
            P("held_on", C.RECORD, E.KEEP, ORDER),
            P("completed_at", C.RECORD, E.KEEP, ORDER),
            P("due_notified_at", C.RECORD, E.KEEP, ORDER),
            P("overdue_notified_at", C.RECORD, E.KEEP, ORDER),
            P("created_at", C.RECORD, E.KEEP, ORDER),
            P("updated_at", C.RECORD, E.KEEP, ORDER),
        ),
        export="progress_reviews",
        context=("apprenticeship__ladder__name", "status"),
    ),
    Holding(
        "apprenticeship.ReviewAction",
        "review__apprenticeship__learner",
        (P("description", C.FREE_TEXT, E.BLANK), P("due_on", C.RECORD, E.KEEP, ORDER)),
        export="progress_review_actions",
        context=("review__due_on",),
    ),
    Holding("apprenticeship.ReviewAction", "owner", _act("owner"), context=("review__due_on", "due_on")),
    Holding(
        "apprenticeship.ReviewSignature",
        "signer",
        (
            P("signer", C.RECORD, E.KEEP, ACT),
            P("typed_name", C.IDENTIFIER, E.BLANK),
            P("signed_at", C.RECORD, E.KEEP, ACT),
            P("cleared_at", C.RECORD, E.KEEP, ORDER),
        ),
        export="progress_review_signatures",
        context=("review__due_on", "party"),
    ),
    Holding(
        "apprenticeship.PortfolioItem",
        "apprenticeship__learner",
        (
            P("title", C.FREE_TEXT, E.DELETE),
            P("description", C.FREE_TEXT, E.DELETE),
            P("file", C.FREE_TEXT, E.DELETE),
            P("file_name", C.FREE_TEXT, E.DELETE),
            P("link", C.FREE_TEXT, E.DELETE),
            P("reason", C.FREE_TEXT, E.DELETE),
            P("created_at", C.RECORD, E.DELETE),
        ),
        export="portfolio",
        context=("content_type", "size", "requirements", "status", "decided_at"),
        delete=True,
        why_delete="the apprentice's own evidence, files included: nothing published counts it",
    ),
    Holding(
        "apprenticeship.PortfolioItem",
        "decided_by",
        _act("decided_by", "decided_at"),
        context=("title", "status"),
    ),
    Holding(
        "enterprises.Deliverable",
        "submitted_by",
        (
            P("submitted_by", C.RECORD, E.KEEP, FIGURES),
            P("summary", C.FREE_TEXT, E.BLANK),
            P("link", C.FREE_TEXT, E.BLANK),
            P("submitted_at", C.RECORD, E.KEEP, ORDER),
        ),
        export="deliverables",
        context=("project__title",),
    ),
    Holding("enterprises.Project", "mentor", _act("mentor"), context=("title",)),
    Holding("enterprises.Project", "created_by", _act("created_by"), context=("title",)),
    Holding(
        "enterprises.ProjectTransition",
        "actor",
        (*_act("actor", "at"), P("note", C.FREE_TEXT, E.BLANK)),
        context=("project__title", "from_status", "to_status"),
    ),
    Holding(
        "enterprises.IpAgreement",
        "enterprise_accepted_by",
        _act("enterprise_accepted_by"),
        export="ip_terms_accepted",
        context=("project__title", "enterprise_pct", "college_pct", "students_pct"),
    ),
    Holding(
        "enterprises.IpAgreement",
        "college_accepted_by",
        _act("college_accepted_by"),
        export="ip_terms_accepted_for_the_college",
        context=("project__title", "enterprise_pct", "college_pct", "students_pct"),
    ),
    Holding(
        "enterprises.Flag",
        "flagged_by",
        (
            P(
                "flagged_by",
                C.RECORD,
                E.KEEP,
                "kept: the flag stays counted; never shown outside platform admins",
            ),
            P("reason", C.FREE_TEXT, E.BLANK),
            P("created_at", C.RECORD, E.KEEP, ORDER),
        ),
        export="flags_raised",
        context=("project__title", "cleared_at"),
    ),
    Holding(
        "enterprises.Flag",
        "cleared_by",
        (*_act("cleared_by", "cleared_at"), P("clear_note", C.FREE_TEXT, E.BLANK)),
        context=("project__title",),
    ),
    Holding(
        "enterprises.Flag",
        "upheld_by",
        (*_act("upheld_by", "upheld_at"), P("uphold_note", C.FREE_TEXT, E.BLANK)),
        context=("project__title",),
    ),
    Holding(
        "enterprises.MatchRequest",
        "sent_by",
        (
            *_act("sent_by", "created_at"),
            P("message", C.FREE_TEXT, E.BLANK),
            P("scope_note", C.FREE_TEXT, E.BLANK),
        ),
        context=("project__title", "direction", "status"),
    ),
    Holding(
        "enterprises.MatchRequest",
        "decided_by",
        (*_act("decided_by", "decided_at"), P("reply", C.FREE_TEXT, E.BLANK)),
        context=("project__title", "status"),
    ),
    Holding("enterprises.Enterprise", "approved_by", _act("approved_by", "approved_at"), context=("name",)),
    # --- internships ------------------------------------------------------------------------
    Holding(
        "internships.Internship",
        "student",
        (
            P("student", C.RECORD, E.KEEP, INTERNSHIP_FILE),
            P("student_birth_date", C.SENSITIVE, E.GENERALISE),
            P("guardian_name", C.SENSITIVE, E.BLANK),
            P("guardian_accepted_at", C.SENSITIVE, E.KEEP, INTERNSHIP_FILE),
            P("pay_per_month", C.SENSITIVE, E.KEEP, INTERNSHIP_FILE),
            P("insurer", C.SENSITIVE, E.KEEP, INTERNSHIP_FILE + "; names a company, not the person"),
            P("policy_number", C.SENSITIVE, E.PSEUDONYM),
            P("insured_from", C.SENSITIVE, E.KEEP, INTERNSHIP_FILE),
            P("insured_to", C.SENSITIVE, E.KEEP, INTERNSHIP_FILE),
            P("length_reason", C.FREE_TEXT, E.BLANK),
            P("start_date", C.RECORD, E.KEEP, INTERNSHIP_FILE),
            P("end_date", C.RECORD, E.KEEP, INTERNSHIP_FILE),
            P("student_accepted_at", C.RECORD, E.KEEP, INTERNSHIP_FILE),
            P("started_at", C.RECORD, E.KEEP, INTERNSHIP_FILE),
            P("ended_on", C.RECORD, E.KEEP, INTERNSHIP_FILE),
            P("created_at", C.RECORD, E.KEEP, ORDER),
        ),
        export="internships",
        context=(
            "college__name",
            "major__name",
            "enterprise__name",
            "position__name",
            "kind",
            "status",
            "hours_per_day",
            "shift",
            "works_independently",
            "intermediary",
            "hired",
        ),
    ),
    Holding("internships.Internship", "mentor", _act("mentor"), context=("enterprise__name", "start_date")),
    Holding(
        "internships.Internship", "supervisor", _act("supervisor"), context=("enterprise__name", "start_date")
    ),
    Holding(
        "internships.Internship", "college_accepted_by", _act("college_accepted_by", "college_accepted_at")
    ),
    Holding(
        "internships.Internship",
        "enterprise_accepted_by",
        _act("enterprise_accepted_by", "enterprise_accepted_at"),
    ),
    Holding("internships.Internship", "created_by", _act("created_by")),
    Holding(
        "internships.PayRecord",
        "internship__student",
        (
            P("amount", C.SENSITIVE, E.KEEP, INTERNSHIP_FILE),
            P("month", C.SENSITIVE, E.KEEP, INTERNSHIP_FILE),
            P("recorded_at", C.RECORD, E.KEEP, ORDER),
        ),
        export="internship_pay",
    ),
    Holding("internships.PayRecord", "recorded_by", _act("recorded_by")),
    Holding(
        "internships.InternshipLog",
        "internship__student",
        (
            P("date", C.RECORD, E.KEEP, INTERNSHIP_FILE),
            P("tasks", C.FREE_TEXT, E.BLANK),
            P("confirmed_at", C.RECORD, E.KEEP, INTERNSHIP_FILE),
            P("created_at", C.RECORD, E.KEEP, ORDER),
        ),
        export="internship_days",
        context=("hours", "shift"),
    ),
    Holding("internships.InternshipLog", "confirmed_by", _act("confirmed_by")),
    Holding(
        "internships.PreJobTraining",
        "internship__student",
        (P("completed_on", C.RECORD, E.KEEP, INTERNSHIP_FILE),),
        export="internship_training",
        context=("kind", "topic"),
    ),
    Holding("internships.PreJobTraining", "recorded_by", _act("recorded_by")),
    Holding("internships.PreJobTraining", "completion_recorded_by", _act("completion_recorded_by")),
    # A change of mentor names three people: the mentor before, the mentor after (each an act on
    # the internship's file) and who made the change, whose reason is their own free text.
    Holding(
        "internships.MentorChange",
        "from_mentor",
        (P("from_mentor", C.RECORD, E.KEEP, INTERNSHIP_FILE),),
        context=("internship_id", "changed_at"),
    ),
    Holding(
        "internships.MentorChange",
        "to_mentor",
        (P("to_mentor", C.RECORD, E.KEEP, INTERNSHIP_FILE),),
        context=("internship_id", "changed_at"),
    ),
    Holding(
        "internships.MentorChange",
        "changed_by",
        (*_act("changed_by", "changed_at"), P("reason", C.FREE_TEXT, E.BLANK)),
        context=("internship_id",),
    ),
    Holding(
        "internships.TrainingPlan",
        "internship__student",
        (P("college_agreed_at", C.RECORD, E.KEEP, INTERNSHIP_FILE), P("created_at", C.RECORD, E.KEEP, ORDER)),
        export="internship_plan",
    ),
    Holding("internships.TrainingPlan", "written_by", _act("written_by")),
    Holding("internships.TrainingPlan", "college_agreed_by", _act("college_agreed_by")),
    Holding(
        "internships.InternshipVisit",
        "internship__student",
        (
            # Written about the intern by the college's supervisor: it describes them, so it goes.
            P("notes", C.FREE_TEXT, E.BLANK),
            P("date", C.RECORD, E.KEEP, INTERNSHIP_FILE),
            P("created_at", C.RECORD, E.KEEP, ORDER),
        ),
        export="internship_visits",
        context=("kind",),
    ),
    Holding("internships.InternshipVisit", "recorded_by", _act("recorded_by")),
    Holding(
        "internships.InternshipEvaluation",
        "internship__student",
        (P("comment", C.FREE_TEXT, E.BLANK), P("created_at", C.RECORD, E.KEEP, ORDER)),
        export="internship_evaluations",
        context=("side", "rating"),
    ),
    Holding("internships.InternshipEvaluation", "evaluator", _act("evaluator")),
    Holding(
        "internships.InternshipAlert",
        "internship__student",
        (
            P("message", C.FREE_TEXT, E.BLANK),
            P("params", C.FREE_TEXT, E.BLANK),
            P("resolution", C.FREE_TEXT, E.BLANK),
            P("raised_at", C.RECORD, E.KEEP, FIGURES),
            P("resolved_at", C.RECORD, E.KEEP, FIGURES),
        ),
        export="internship_alerts",
        context=("kind",),
    ),
    Holding("internships.InternshipAlert", "raised_by", _act("raised_by")),
    Holding("internships.InternshipAlert", "resolved_by", _act("resolved_by")),
    Holding("internships.HoursException", "approved_by", _act("approved_by", "approved_at")),
    # --- graduate destinations -------------------------------------------------------------
    Holding(
        "outcomes.Destination",
        "graduate",
        (
            P("graduate", C.RECORD, E.KEEP, FIGURES),
            P("census_date", C.RECORD, E.KEEP, FIGURES),
            P("category", C.RECORD, E.KEEP, FIGURES),
            # Where they work, named: no rate needs the name (a portal employer stays linked).
            P("employer_name", C.RECORD, E.BLANK),
            P("position", C.FREE_TEXT, E.BLANK),
            P("region", C.RECORD, E.KEEP, FIGURES),
            P("industry", C.RECORD, E.KEEP, FIGURES),
            P("salary_band", C.SENSITIVE, E.KEEP, FIGURES),
            P("updated_at", C.RECORD, E.KEEP, ORDER),
        ),
        export="destinations",
        context=("college__name", "major__name", "cohort", "employer__name", "in_field", "source"),
    ),
    Holding("outcomes.Destination", "recorded_by", _act("recorded_by")),
    # --- competency frameworks and learning plans ----------------------------------------------
    Holding("competencies.Framework", "created_by", _act("created_by"), context=("idnumber", "shortname")),
    Holding("competencies.PlanTemplate", "created_by", _act("created_by"), context=("name", "entry_year")),
    Holding(
        "competencies.LearningPlan",
        "student",
        (P("student", C.RECORD, E.KEEP, RECORDS), P("created_at", C.RECORD, E.KEEP, ORDER)),
        export="learning_plans",
        context=("template__name", "template__entry_year", "template__framework__idnumber"),
    ),
    Holding(
        "competencies.CompetencyMark",
        "plan__student",
        # Written by the teacher about the student's achievement, for the student to read: it
        # is about the student and goes with their other free text.
        (P("note", C.FREE_TEXT, E.BLANK),),
        export="competencies_marked_achieved",
        context=("competency__idnumber", "competency__shortname", "marked_at"),
    ),
    Holding(
        "competencies.CompetencyMark",
        "marked_by",
        _act("marked_by", "marked_at"),
        context=("competency__idnumber", "plan__template__name"),
    ),
    # --- credit for work-based learning ------------------------------------------------------
    Holding(
        "credits.CreditRequest",
        "student",
        (
            P("student", C.RECORD, E.KEEP, RECORDS),
            P("statement", C.FREE_TEXT, E.BLANK),
            # Written by whoever declined, for the student to read: about the student's
            # request, it goes with their other free text (as a rejected hour log's reason).
            P("reason", C.FREE_TEXT, E.BLANK),
            P("created_at", C.RECORD, E.KEEP, ORDER),
            P("updated_at", C.RECORD, E.KEEP, ORDER),
        ),
        export="credit_requests",
        context=("module__title", "project__title", "enterprise__name", "status"),
    ),
    Holding("credits.CreditRequest", "mentor", _act("mentor"), context=("module__title", "status")),
    Holding("credits.CreditRequest", "sponsor", _act("sponsor"), context=("module__title", "status")),
    Holding(
        "credits.Decision",
        "request__student",
        (P("reason", C.FREE_TEXT, E.BLANK),),
        export="credit_request_decisions",
        context=("request__module__title", "step", "outcome", "decided_at"),
    ),
    Holding(
        "credits.Decision",
        "actor",
        _act("actor", "decided_at"),
        context=("request__module__title", "step", "outcome"),
    ),
    # --- industry calls and technology transfer ----------------------------------------------
    Holding("transfer.Call", "created_by", _act("created_by")),
    Holding(
        "transfer.CallResponse",
        "responder",
        (
            P("responder", C.RECORD, E.KEEP, ACT),
            P("problem", C.FREE_TEXT, E.BLANK),
            P("approach", C.FREE_TEXT, E.BLANK),
            P("prior_results", C.FREE_TEXT, E.BLANK),
            P("team", C.FREE_TEXT, E.BLANK),
            # Written by the enterprise about the response, for the responder to read: it goes
            # with the responder's other free text.
            P("reason", C.FREE_TEXT, E.BLANK),
            P("created_at", C.RECORD, E.KEEP, ORDER),
            P("updated_at", C.RECORD, E.KEEP, ORDER),
        ),
        export="call_responses",
        context=("call__title", "call__enterprise__name", "status", "decided_at"),
    ),
    Holding(
        "transfer.CallResponse", "decided_by", _act("decided_by", "decided_at"), context=("call__title",)
    ),
    Holding("transfer.TechSummary", "created_by", _act("created_by"), context=("title",)),
    Holding(
        "transfer.TechSummary",
        "contact",
        (P("contact", C.IDENTIFIER, E.KEEP, ACT),),
        export="tech_summary_contacts",
        context=("title",),
    ),
    Holding(
        "transfer.Inventor",
        "user",
        (P("user", C.RECORD, E.KEEP, INVENTION), P("contribution", C.RECORD, E.KEEP, INVENTION)),
        export="inventions",
        context=("summary__title", "summary__college__name"),
    ),
    Holding("transfer.Transfer", "recorded_by", _act("recorded_by"), context=("summary__title", "date")),
    Holding(
        "transfer.InventorShare",
        "inventor",
        (
            P("inventor", C.RECORD, E.KEEP, INVENTION),
            P("contribution", C.RECORD, E.KEEP, INVENTION),
            P("amount", C.SENSITIVE, E.KEEP, INVENTION),
        ),
        export="inventor_shares",
        context=("transfer__summary__title", "transfer__date", "transfer__kind"),
    ),
    # --- group robots ---------------------------------------------------------------------
    Holding("reach.Robot", "created_by", _act("created_by"), context=("name", "platform")),
    # A robot's message is not kept: it is the notice's text, read when sent. The delivery
    # points at the notice it relayed; the notice goes with its recipient (above), and so
    # does the pointer.
    Holding(
        "reach.Delivery",
        "notification__recipient",
        (P("notification", C.ACCOUNT, E.BLANK),),
        export="group_robot_messages",
        context=("kind", "state", "created_at"),
    ),
    # --- evidence and evaluation -----------------------------------------------------------
    Holding(
        "ledger.Evidence",
        "submitted_by",
        (
            P("submitted_by", C.RECORD, E.KEEP, FIGURES),
            P("note", C.FREE_TEXT, E.BLANK),
            P("attachment", C.FREE_TEXT, E.BLANK),
            P("created_at", C.RECORD, E.KEEP, ORDER),
        ),
        export="evidence_submitted",
        context=("indicator", "college__name", "value", "occurred_on", "status"),
    ),
    Holding("ledger.Evidence", "verified_by", _act("verified_by", "verified_at")),
    Holding(
        "ledger.EvidenceChange",
        "actor",
        _act("actor", "at"),
        context=("evidence_id", "action"),
    ),
    Holding(
        "evaluation.ScorecardReview",
        "actor",
        (*_act("actor", "at"), P("comment", C.FREE_TEXT, E.BLANK)),
        context=("scorecard_id", "action"),
    ),
    Holding(
        "evaluation.ImprovementAction",
        "created_by",
        (
            *_act("created_by", "created_at"),
            P("owner", C.IDENTIFIER, E.KEEP, "names a role or an office, set by the college"),
        ),
        context=("indicator", "status"),
    ),
    Holding(
        "evaluation.MajorDecision",
        "decided_by",
        (
            *_act("decided_by", "decided_at"),
            P("reason", C.FREE_TEXT, E.KEEP, FIGURES + "; the college's reason, not about the person"),
        ),
        context=("major__name", "year", "decision"),
    ),
    Holding(
        "reports.Report", "created_by", _act("created_by", "created_at"), context=("kind", "year", "version")
    ),
    Holding(
        "reports.Report",
        "approved_by",
        _act("approved_by", "approved_at"),
        context=("kind", "year", "version"),
    ),
    Holding(
        "reports.Report",
        "published_by",
        _act("published_by", "published_at"),
        context=("kind", "year", "version"),
    ),
    Holding(
        "reports.ReportStep",
        "actor",
        (*_act("actor", "at"), P("comment", C.FREE_TEXT, E.BLANK)),
        context=("report_id", "action"),
    ),
    Holding(
        "reports.Entry", "entered_by", _act("entered_by", "entered_at"), context=("report_id", "indicator")
    ),
    # --- sessions: the session row holds only the user's id; erasure changes the password
    # hash, which ends every session at its next request, and expired sessions are cleared.
    Holding(
        "sessions.Session",
        "",
        (
            P("session_key", C.ACCOUNT, E.KEEP, "a random key, ends with the session", exported=False),
            P(
                "session_data",
                C.ACCOUNT,
                E.KEEP,
                "ends at the next request (the password hash changed)",
                exported=False,
            ),
            P("expire_date", C.ACCOUNT, E.KEEP, "expired sessions are cleared by clearsessions"),
        ),
        export="-",  # not looked up by person: the data is signed, not queryable
    ),
)


# Fields of models about people that hold nothing about a person, with the reason. A text,
# e-mail, date, JSON or user reference not listed here nor in INVENTORY fails the inventory's
# test: whoever adds one decides which it is.
NOT_PERSONAL: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "accounts.User": (
        (("role", "college", "enterprise"), "the organisation and role: context, not the person"),
    ),
    "accounts.Notification": ((("kind",), "a kind of message"),),
    "accounts.LoginRecord": ((("method",), "a kind of login"),),
    "accounts.AuditEntry": (
        (("action", "model", "object_id"), "what was changed: ids and kinds"),
        (
            ("summary", "before", "after"),
            "scrubbed by erasure for every holding of the person (portal.privacy)",
        ),
    ),
    "accounts.IdempotencyRecord": ((("fingerprint",), "a hash of a request"),),
    "accounts.ImportJob": ((("kind", "language", "state"), "kinds and states"),),
    "admin.LogEntry": (
        (("object_id", "content_type"), "what was changed: ids and kinds"),
        (("object_repr", "change_message"), "scrubbed by erasure for the person's rows (portal.privacy)"),
    ),
    "mfa.Authenticator": ((("type",), "a kind of second factor"),),
    "account.EmailAddress": ((("verified", "primary"), "flags"),),
    "account.EmailConfirmation": ((("email_address",), "a reference to a row of the inventory"),),
    "socialaccount.SocialAccount": ((("provider",), "which provider: a kind"),),
    "socialaccount.SocialToken": (
        (("app", "account"), "references: the provider's app and a row of the inventory"),
    ),
    "ledger.Evidence": (
        (("indicator", "source", "status", "event_key"), "codes and states of the college's evidence"),
        (("occurred_on",), "when the college's event happened, not about a person"),
    ),
    "ledger.EvidenceChange": (
        (("action",), "a kind of change"),
        (("before", "after"), "the evidence's fields: its note is scrubbed by erasure like the evidence's"),
    ),
    "colleges.Partnership": ((("status",), "a state"),),
    "outcomes.Destination": ((("source",), "who answered: a kind"),),
    "competencies.Framework": (
        (
            (
                "idnumber",
                "shortname",
                "description",
                "scale_values",
                "scale_configuration",
                "taxonomies",
                "created_at",
                "updated_at",
            ),
            "a college's framework of a major and its dates, not about a person",
        ),
    ),
    "competencies.PlanTemplate": ((("name", "created_at"), "a college's plan for a cohort, not a person"),),
    "transfer.Call": (
        (
            ("title", "need", "budget_band", "deadline", "created_at", "updated_at"),
            "an enterprise's call: an organisation's words and dates",
        ),
    ),
    "transfer.CallResponse": ((("status",), "a state"),),
    "transfer.TechSummary": (
        (
            (
                "title",
                "kind",
                "abstract",
                "patent_number",
                "patent_status",
                "industries",
                "visibility",
                "created_at",
                "updated_at",
            ),
            "a college's result as the college publishes it",
        ),
    ),
    "transfer.Transfer": (
        (("kind", "licensee_name", "date", "created_at"), "a deal between organisations and its date"),
    ),
    "reach.Robot": (
        (
            ("platform", "name", "kinds", "language", "created_at", "updated_at"),
            "an organisation's group robot and its settings",
        ),
        (
            ("webhook_url", "secret"),
            "the organisation's credentials for its group, never shown back nor exported",
        ),
    ),
    "reach.Delivery": (
        (("kind", "state", "last_error", "created_at", "sent_at"), "a kind, a state, the platform's answer"),
    ),
    "colleges.DualPosition": ((("role", "status"), "kinds and states"),),
    "colleges.PracticeLog": ((("status",), "a state"),),
    "colleges.Distribution": ((("period", "as_of"), "an industry college's accounting period"),),
    "enterprises.Enterprise": (
        (
            (
                "name",
                "code",
                "region",
                "industry",
                "website",
                "vetting",
                "credit_code",
                "site_visit_on",
                "created_at",
            ),
            "an organisation, not a person",
        ),
    ),
    "enterprises.Project": (
        (
            (
                "title",
                "description",
                "visibility",
                "status",
                "feedback",
                "starts_on",
                "ends_on",
                "created_at",
                "updated_at",
            ),
            "an organisation's posting and its dates; the feedback is the enterprise's on the project",
        ),
    ),
    "enterprises.ProjectTransition": ((("from_status", "to_status", "cause"), "states and why"),),
    "enterprises.Application": ((("status",), "a state"),),
    "enterprises.HourLog": ((("status",), "a state"),),
    "credits.CreditRequest": ((("status",), "a state"),),
    "credits.Decision": ((("step", "outcome"), "a step and its decision"),),
    "enterprises.IpAgreement": ((("created_at",), "when the project's terms were written"),),
    "enterprises.MatchRequest": (
        (("direction", "status"), "kinds and states"),
        (("starts_on", "ends_on"), "the project's dates"),
    ),
    "enterprises.Flag": (),
    "internships.Internship": (
        (("kind", "status", "shift", "intermediary"), "kinds and states; the intermediary is a company"),
    ),
    "internships.PreJobTraining": ((("kind", "topic"), "the training's subject, set by the college"),),
    "internships.InternshipLog": ((("shift",), "a kind of shift"),),
    "internships.InternshipVisit": ((("kind",), "a kind of visit"),),
    "internships.InternshipEvaluation": ((("side",), "which party evaluated"),),
    "internships.InternshipAlert": ((("kind", "key"), "the rule that raised it"),),
    "internships.HoursException": (
        (("reason",), "the college's reason for a position's hours, not about a person"),
    ),
    "courses.Offering": ((("term",), "a term"),),
    "courses.Enrollment": ((("status",), "a state"),),
    "courses.CreditTransaction": ((("kind",), "a kind"),),
    "courses.Certificate": ((("status",), "a state"),),
    "courses.Credential": (
        (
            ("kind", "name", "description", "criteria", "achievement_key", "term", "source_key"),
            "what the credential certifies: the college's words, the same for every learner",
        ),
    ),
    "evaluation.ScorecardReview": ((("action", "from_status", "to_status"), "kinds and states"),),
    "evaluation.ImprovementAction": (
        (("indicator", "action", "status", "due_date"), "the college's plan for an indicator"),
    ),
    "evaluation.MajorDecision": ((("decision", "recommendation"), "kinds"),),
    "reports.Report": (
        (("kind", "status", "year", "version"), "kinds and states"),
        (("narrative",), "the college's or enterprise's published report, not about a person"),
        (
            ("snapshot",),
            "figures and the ids of the rows they count; names are read from the rows when shown",
        ),
    ),
    "reports.ReportStep": ((("action", "from_status", "to_status"), "kinds and states"),),
    "reports.Entry": (
        (("indicator", "note"), "an organisation's figure and its source, not about a person"),
    ),
    "feedback.Feedback": ((("visible_told_at",), "when the notices went out"),),
    "feedback.Endorsement": ((("source",), "a kind"),),
    "apprenticeship.ProgressReview": (
        (("questions",), "the college's form, the same for every apprentice"),
        (("status",), "a state"),
    ),
    "apprenticeship.ReviewSignature": ((("party",), "which party signed"),),
    "apprenticeship.PortfolioItem": (
        (("content_type", "status"), "a kind of file and a state"),
        (("requirements",), "kinds of ladder requirement"),
    ),
}


def holdings_of(model_label: str) -> list[Holding]:
    return [h for h in INVENTORY if h.model == model_label]


def classified(model_label: str) -> set[str]:
    """Every field of the model the inventory speaks of, personal or not."""
    names = {p.name for h in holdings_of(model_label) for p in h.fields}
    for fields, _why in NOT_PERSONAL.get(model_label, ()):
        names.update(fields)
    return names
