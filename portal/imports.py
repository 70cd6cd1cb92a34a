"""The CSV imports the pages offer for list resources, run in the background
(``accounts.imports``): the same serializers, policies and set-based writes as the API's
``…/import/`` endpoints."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from accounts import imports
from accounts.api.csv_import import Bulk, import_rows
from accounts.models import User
from accounts.policies import Policy
from colleges.api.serializers import COHORT_IMPORT, CohortSerializer
from colleges.permissions import CohortPolicy
from courses.api.lifelong import CERTIFICATE_IMPORT, CertificateSerializer
from courses.api.serializers import SKILL_CROSSWALK_IMPORT, SkillCrosswalkSerializer
from courses.permissions import CertificatePolicy, SkillCrosswalkPolicy
from enterprises.api.serializers import TALENT_DEMAND_IMPORT, TalentDemandSerializer
from enterprises.permissions import TalentDemandPolicy

MAX_IMPORT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class ListImport:
    title: Any
    serializer: Any
    policy: Policy
    bulk: Bulk
    columns: str
    back: str

    def run(self, user: User, raw: bytes, progress: Any) -> dict[str, Any]:
        return import_rows(
            raw,
            user=user,
            serializer_class=self.serializer,
            policy=self.policy,
            bulk=self.bulk,
            progress=progress,
        )


IMPORTS: dict[str, ListImport] = {
    "talent-demand": ListImport(
        gettext_lazy("Import talent demand"),
        TalentDemandSerializer,
        TalentDemandPolicy(),
        TALENT_DEMAND_IMPORT,
        "enterprise, skill, headcount, year, region",
        "talent-demand-list",
    ),
    "cohorts": ListImport(
        gettext_lazy("Import cohorts (expected graduates)"),
        CohortSerializer,
        CohortPolicy(),
        COHORT_IMPORT,
        "major, year, graduates",
        "majors-list",
    ),
    "skill-crosswalks": ListImport(
        gettext_lazy("Import a skills crosswalk"),
        SkillCrosswalkSerializer,
        SkillCrosswalkPolicy(),
        SKILL_CROSSWALK_IMPORT,
        "skill, esco_uri, occupation_code, match",
        "skills-list",
    ),
    "certificates": ListImport(
        gettext_lazy("Import certificates"),
        CertificateSerializer,
        CertificatePolicy(),
        CERTIFICATE_IMPORT,
        "learner, certificate_type, issued_on, number",
        "certificates-list",
    ),
}


def register() -> None:
    for kind, spec in IMPORTS.items():
        imports.register(kind, imports.Importer(spec.run, spec.title, "import", spec.back))
