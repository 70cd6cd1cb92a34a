"""Open Badges 3.0 documents: credentials, their issuers' profiles, their holders' public
profiles, achievements, and the issuers' revocation lists (W3C Bitstring Status List v1.0).

Every address in these documents resolves on the portal (with JSON-LD for machines and a
page for people), and none of them carries a row's id: credentials and learners are known
by unguessable public ids, issuers by their public codes.
"""

import base64
import datetime
import gzip
import json
import secrets
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from accounts.models import LearnerProfile, User

from . import signing
from .models import Credential

CONTEXTS = Path(__file__).resolve().parent / "contexts"
W3C_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DID_CONTEXT = "https://www.w3.org/ns/did/v1"
CONTEXT_FILES = {
    W3C_CONTEXT: "credentials-v2.jsonld",
    OB_CONTEXT: "ob-v3p0-context-3.0.3.json",
    DID_CONTEXT: "did-v1.jsonld",
    signing.MULTIKEY_CONTEXT: "multikey-v1.jsonld",
}
# The W3C minimum length of a status list, in bits: a revoked credential hides among 131,072.
STATUS_LIST_BITS = 131072


@cache
def shipped_context(url: str) -> dict[str, Any]:
    """A JSON-LD context from the files shipped with the portal (never fetched)."""
    document: dict[str, Any] = json.loads((CONTEXTS / CONTEXT_FILES[url]).read_text())
    return document


def timestamp(moment: datetime.datetime) -> str:
    """An XML Schema dateTimeStamp in UTC, to the second."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- Who issued it --------------------------------------------------------------------------


def issuer_path(organisation: Any, kind: str) -> str:
    """``colleges/prvc`` or ``enterprises/huaxin``: the issuer's path on the portal."""
    return f"{kind}/{organisation.code}"


def issuer_of(credential: Credential) -> tuple[Any, str]:
    """The issuing college or enterprise, and its path (a constraint makes one present)."""
    if credential.issuer_college_id:
        return credential.issuer_college, issuer_path(credential.issuer_college, "colleges")
    return credential.issuer_enterprise, issuer_path(credential.issuer_enterprise, "enterprises")


def issuer_profile_document(organisation: Any, kind: str, base_url: str) -> dict[str, Any]:
    """An issuer's Open Badges ``Profile``, which is also the controller document of its
    signing key: the key is listed under ``assertionMethod``, so a verifier can confirm that
    a credential's proof was made with a key this issuer authorises."""
    path = issuer_path(organisation, kind)
    url = f"{base_url}/{path}/"
    document: dict[str, Any] = {
        "@context": [DID_CONTEXT, signing.MULTIKEY_CONTEXT, W3C_CONTEXT, OB_CONTEXT],
        "id": url,
        "type": ["Profile"],
        "name": organisation.name,
        "url": organisation.website or url,
    }
    method = signing.verification_method(url, path)
    if method is not None:
        method = {name: value for name, value in method.items() if name != "@context"}
        document["verificationMethod"] = [method]
        document["assertionMethod"] = [method["id"]]
    return document


# --- Who holds it ----------------------------------------------------------------------------


def learner_profile(learner: User) -> LearnerProfile:
    profile, _ = LearnerProfile.objects.get_or_create(
        user=learner, defaults={"college_id": learner.college_id}
    )
    return profile


def learner_url(profile: LearnerProfile, base_url: str) -> str:
    return f"{base_url}/learners/{profile.public_id}/"


def holder_name(learner: User) -> str:
    return learner.get_full_name() or learner.username


def learner_profile_document(profile: LearnerProfile, base_url: str) -> dict[str, Any]:
    """A learner's public profile: their name only once they share a credential."""
    document: dict[str, Any] = {
        "@context": [W3C_CONTEXT, OB_CONTEXT],
        "id": learner_url(profile, base_url),
        "type": ["Profile"],
    }
    if Credential.objects.filter(learner_id=profile.user_id, shared=True).exists():
        document["name"] = holder_name(profile.user)
    return document


# --- What was achieved -----------------------------------------------------------------------


def achievement_url(credential: Credential, base_url: str) -> str:
    key = credential.achievement_key or f"credential-{credential.public_id}"
    return f"{base_url}/achievements/{key}/"


def skill_alignments(skill: Any, base_url: str) -> list[dict[str, Any]]:
    """A skill as alignments: the portal's own, then the same skill's stable identifiers
    elsewhere (its ESCO concept; its occupation in the national classification)."""
    own = f"{base_url}/api/v1/skills/{skill.pk}/"
    alignments = [
        {
            "type": ["Alignment"],
            "targetName": skill.name,
            "targetCode": skill.code,
            "targetUrl": own,
            "targetType": "ceasn:Competency",
            "targetFramework": "Chanjiao skills",
        }
    ]
    if skill.esco_uri:
        alignments.append(
            {
                "type": ["Alignment"],
                "targetName": skill.name,
                "targetUrl": skill.esco_uri,
                "targetType": "ceasn:Competency" if "/skill/" in skill.esco_uri else "ext:Occupation",
                "targetFramework": "ESCO",
            }
        )
    if skill.occupation_code:
        alignments.append(
            {
                "type": ["Alignment"],
                "targetName": skill.name,
                "targetCode": skill.occupation_code,
                "targetUrl": f"{base_url}/api/v1/skills/?occupation_code={skill.occupation_code}",
                "targetType": "ext:Occupation",
                "targetFramework": "中华人民共和国职业分类大典",
            }
        )
    return alignments


def achievement_document(credential: Credential, base_url: str) -> dict[str, Any]:
    """The achievement a credential is an instance of; the same for every holder."""
    achievement: dict[str, Any] = {
        "id": achievement_url(credential, base_url),
        "type": ["Achievement"],
        "name": credential.name,
        "description": credential.description,
        "criteria": {"narrative": credential.criteria},
        "achievementType": credential.kind,
    }
    alignments = [
        alignment for skill in credential.skills.all() for alignment in skill_alignments(skill, base_url)
    ]
    if alignments:
        achievement["alignment"] = alignments
    if credential.credits is not None:
        achievement["creditsAvailable"] = float(credential.credits)
    return achievement


# --- The credential --------------------------------------------------------------------------


def credential_url(credential: Credential, base_url: str) -> str:
    return f"{base_url}/credentials/{credential.public_id}/"


def status_list_url(organisation: Any, kind: str, base_url: str) -> str:
    return f"{base_url}/{issuer_path(organisation, kind)}/credentials/status/"


def credential_document(credential: Credential, base_url: str) -> dict[str, Any]:
    """The credential as an Open Badges 3.0 ``OpenBadgeCredential`` (JSON-LD), unsigned.

    The holder's name and grade appear only if the holder shares the credential (the grade
    only if they also choose to show it).
    """
    organisation, path = issuer_of(credential)
    issuer_url = f"{base_url}/{path}/"
    subject: dict[str, Any] = {
        "id": learner_url(learner_profile(credential.learner), base_url),
        "type": ["AchievementSubject"],
        "achievement": achievement_document(credential, base_url),
    }
    if credential.shared:
        subject["identifier"] = [
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": holder_name(credential.learner),
            }
        ]
        if credential.show_grade and credential.grade is not None:
            subject["result"] = [{"type": ["Result"], "value": f"{credential.grade:.2f}"}]
    if credential.term:
        subject["term"] = credential.term
    if credential.credits is not None:
        subject["creditsEarned"] = float(credential.credits)
    document: dict[str, Any] = {
        "@context": [W3C_CONTEXT, OB_CONTEXT],
        "id": credential_url(credential, base_url),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": credential.name,
        "issuer": {
            "id": issuer_url,
            "type": ["Profile"],
            "name": organisation.name,
            "url": organisation.website or issuer_url,
        },
        "validFrom": timestamp(credential.issued_at),
        "credentialSubject": subject,
    }
    if credential.status_index is not None:
        kind = path.split("/")[0]
        list_url = status_list_url(organisation, kind, base_url)
        document["credentialStatus"] = {
            "id": f"{list_url}#{credential.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(credential.status_index),
            "statusListCredential": list_url,
        }
    return document


def signed_credential(credential: Credential, base_url: str) -> dict[str, Any]:
    _, path = issuer_of(credential)
    return signing.sign(
        credential_document(credential, base_url),
        issuer_url=f"{base_url}/{path}/",
        issuer_path=path,
        created=timestamp(credential.issued_at),
    )


# --- Revocation lists ----------------------------------------------------------------------


# Credentials of apps above this one that an issuer signs too (feedback's endorsements): each
# function gives the (status index, revoked at) of those the organisation issued, so that one
# revocation list covers all of an issuer's credentials. Registered in their AppConfig.ready().
STATUS_ENTRIES: list[Callable[[Any, str], list[tuple[int, datetime.datetime | None]]]] = []


def _other_entries(organisation: Any, kind: str) -> list[tuple[int, datetime.datetime | None]]:
    return [entry for entries in STATUS_ENTRIES for entry in entries(organisation, kind)]


def _issued_by(organisation: Any, kind: str) -> Any:
    field = "issuer_college" if kind == "colleges" else "issuer_enterprise"
    return Credential.objects.filter(**{field: organisation})


def new_status_index(organisation: Any, kind: str) -> int:
    """A free bit in the issuer's list, drawn at random so indexes reveal no issuing order.

    A unique constraint settles the (unlikely) race of two draws of the same bit.
    """
    taken = set(
        _issued_by(organisation, kind).exclude(status_index=None).values_list("status_index", flat=True)
    ) | {index for index, _revoked in _other_entries(organisation, kind)}
    size = max(STATUS_LIST_BITS, 4 * len(taken))
    while True:
        index = secrets.randbelow(size)
        if index not in taken:
            return index


def encode_bitstring(revoked: list[int], size: int) -> str:
    """W3C Bitstring Status List: bit i (from the left) set for index i, GZIP, base64url
    without padding, multibase prefix ``u``."""
    bits = bytearray(size // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode()


def decode_bitstring(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url ('u').")
    data = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def status_list_document(organisation: Any, kind: str, base_url: str) -> dict[str, Any]:
    """The issuer's revocation list as a signed ``BitstringStatusListCredential``."""
    issued = _issued_by(organisation, kind)
    indexes = [
        *issued.exclude(status_index=None).values_list("status_index", "revoked_at"),
        *_other_entries(organisation, kind),
    ]
    size = max(
        [STATUS_LIST_BITS, *((index // STATUS_LIST_BITS + 1) * STATUS_LIST_BITS for index, _ in indexes)]
    )
    revoked = [index for index, revoked_at in indexes if revoked_at is not None]
    changed = max([at for _index, at in indexes if at], default=organisation.created_at)
    path = issuer_path(organisation, kind)
    url = status_list_url(organisation, kind, base_url)
    document = {
        "@context": [W3C_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": f"{base_url}/{path}/",
        "validFrom": timestamp(changed),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_bitstring(revoked, size),
        },
    }
    return signing.sign(
        document, issuer_url=f"{base_url}/{path}/", issuer_path=path, created=timestamp(changed)
    )
