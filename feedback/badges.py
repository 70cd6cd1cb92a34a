"""An endorsement as an Open Badges 3.0 ``EndorsementCredential``, signed in the endorsing
enterprise's name with its key (``courses.signing``), so that the portal's verifier and any
stock Data Integrity verifier check it as they check the portal's other credentials.

The subject is the learner's public profile (the same address their credentials name); the
comment says which skill the enterprise vouches for, with the skill's identifiers.
"""

from typing import Any

from django.utils import translation

from courses import openbadges, signing

from .models import Endorsement


def credential_url(endorsement: Endorsement, base_url: str) -> str:
    return f"{base_url}/endorsements/credentials/{endorsement.public_id}/"


def _comment(endorsement: Endorsement) -> str:
    skill = endorsement.skill
    names = " / ".join(dict.fromkeys(n for n in (skill.name, skill.name_zh) if n))
    text = f"{endorsement.enterprise.name} endorses the skill {names} ({skill.code})"
    if endorsement.rating is not None:
        text += f", rated {endorsement.rating} of 5"
    if endorsement.feedback_id:
        text += f", shown on the project {endorsement.feedback.project.title}"  # type: ignore[union-attr]
    text += "."
    if endorsement.comment:
        text += f" {endorsement.comment}"
    return text


def credential_document(endorsement: Endorsement, base_url: str) -> dict[str, Any]:
    enterprise = endorsement.enterprise
    path = openbadges.issuer_path(enterprise, "enterprises")
    issuer_url = f"{base_url}/{path}/"
    with translation.override(None):
        skill_name = endorsement.skill.name
    document: dict[str, Any] = {
        "@context": [openbadges.W3C_CONTEXT, openbadges.OB_CONTEXT],
        "id": credential_url(endorsement, base_url),
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": f"Endorsement: {skill_name}",
        "issuer": {
            "id": issuer_url,
            "type": ["Profile"],
            "name": enterprise.name,
            "url": enterprise.website or issuer_url,
        },
        "validFrom": openbadges.timestamp(endorsement.issued_at or endorsement.created_at),
        "credentialSubject": {
            "id": openbadges.learner_url(openbadges.learner_profile(endorsement.learner), base_url),
            "type": ["EndorsementSubject"],
            "endorsementComment": _comment(endorsement),
        },
    }
    if endorsement.status_index is not None:
        list_url = openbadges.status_list_url(enterprise, "enterprises", base_url)
        document["credentialStatus"] = {
            "id": f"{list_url}#{endorsement.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(endorsement.status_index),
            "statusListCredential": list_url,
        }
    return document


def signed_credential(endorsement: Endorsement, base_url: str) -> dict[str, Any]:
    path = openbadges.issuer_path(endorsement.enterprise, "enterprises")
    return signing.sign(
        credential_document(endorsement, base_url),
        issuer_url=f"{base_url}/{path}/",
        issuer_path=path,
        created=openbadges.timestamp(endorsement.issued_at or endorsement.created_at),
    )
