"""Checking a credential someone pastes or uploads (the public "Verify a credential" page).

The steps a stock verifier takes, in order, each reported in words: is it a verifiable
credential; is its ``eddsa-jcs-2022`` proof valid (Data Integrity EdDSA Cryptosuites v1.0,
3.3.2: the proof's ``@context`` must open the document's, and replaces it while hashing); is
the key the named issuer's (its profile lists it under ``assertionMethod``); is it revoked
(its bit in the issuer's Bitstring Status List); is it within its validity period.

Keys are resolved only for issuers on this portal; a credential issued elsewhere is reported
as such, never fetched.
"""

import datetime
import json
import math
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from django.utils import timezone
from django.utils.translation import gettext as _

from colleges.models import College
from courses import openbadges, signing
from courses.models import Credential
from enterprises.models import Enterprise


@dataclass
class Check:
    what: str
    ok: bool | None  # None: could not be checked
    detail: str = ""


@dataclass
class Verdict:
    checks: list[Check] = field(default_factory=list)
    name: str = ""
    issuer: str = ""
    revoked_at: datetime.datetime | None = None
    revocation_reason: str = ""

    @property
    def valid(self) -> bool:
        return bool(self.checks) and all(check.ok for check in self.checks)

    def add(self, what: str, ok: bool | None, detail: str = "") -> None:
        self.checks.append(Check(what, ok, detail))


def _organisation(path: str) -> tuple[Any, str] | None:
    if "\x00" in path:  # no organisation's code holds one, and PostgreSQL refuses it in a query
        return None
    kind, _, code = path.partition("/")
    model: Any = {"colleges": College, "enterprises": Enterprise}.get(kind)
    organisation = model.objects.filter(code=code).first() if model else None
    return (organisation, kind) if organisation else None


MAX_DEPTH = 64  # a credential nests a few levels; this bounds the walks below (no recursion limit)
SAFE_INTEGER = 2**53 - 1  # I-JSON (RFC 7493, 2.2): beyond it a number is not exchanged exactly


def _not_i_json(document: Any) -> str:
    """Why ``document`` is not I-JSON (RFC 7493), which the eddsa-jcs-2022 proof's canonical
    form (JCS, RFC 8785) requires, or "" when it is: no unpaired surrogate in any string, no
    number beyond what a double holds exactly, nothing nested absurdly deep."""
    pending: list[tuple[Any, int]] = [(document, 0)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            return _("It is nested deeper than %(n)s levels.") % {"n": MAX_DEPTH}
        if isinstance(value, dict):
            pending.extend((key, depth + 1) for key in value)
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
        elif isinstance(value, str):
            try:
                value.encode()
            except UnicodeEncodeError:
                return _("A text in it holds an unpaired surrogate code point, which is not Unicode.")
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int) and abs(value) > SAFE_INTEGER:
            return _("A number in it is larger than a JSON number holds exactly (2⁵³).")
        elif isinstance(value, float) and not math.isfinite(value):
            return _("A number in it is not finite (NaN or Infinity), which JSON does not allow.")
    return ""


def _status_index(value: Any) -> int | None:
    """A ``statusListIndex``: a whole number of at least 0, written in base 10 as a string
    (Bitstring Status List v1.0, 2.1); None for anything else."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=True)[:60]


def _parse_time(value: Any) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _check_proof(document: dict[str, Any], proof: dict[str, Any], base_url: str, verdict: Verdict) -> None:
    method = str(proof.get("verificationMethod", ""))
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    prefix = f"{base_url}/"
    if not method.startswith(prefix) or "#" not in method:
        verdict.add(
            _("Signature"),
            None,
            _("The key %(key)s is not published by this portal: check the credential with its issuer.")
            % {"key": method or "?"},
        )
        return
    controller = method.split("#", 1)[0]
    found = _organisation(controller[len(prefix) :].strip("/"))
    method_doc = (
        openbadges.issuer_profile_document(found[0], found[1], base_url).get("verificationMethod", [{}])[0]
        if found
        else {}
    )
    if not found or method_doc.get("id") != method:
        verdict.add(
            _("Signature"), False, _("No issuer on this portal publishes the key %(key)s.") % {"key": method}
        )
        return
    verdict.add(
        _("Key belongs to the issuer"),
        controller == issuer_id,
        _("The key is listed in the profile of %(issuer)s.") % {"issuer": found[0].name}
        if controller == issuer_id
        else _("The key belongs to %(owner)s, not to the issuer the credential names.")
        % {"owner": found[0].name},
    )
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    options = {name: value for name, value in proof.items() if name != "proofValue"}
    if "@context" in options:
        proof_context = (
            options["@context"] if isinstance(options["@context"], list) else [options["@context"]]
        )
        doc_context = unsecured.get("@context")
        doc_context = doc_context if isinstance(doc_context, list) else [doc_context]
        if doc_context[: len(proof_context)] != proof_context:
            verdict.add(_("Signature"), False, _("The proof's @context does not open the document's."))
            return
        unsecured["@context"] = options["@context"]
    try:
        key = signing.public_key_from_multibase(method_doc["publicKeyMultibase"])
        value = str(proof.get("proofValue", ""))
        signature = signing.base58.b58decode(value[1:]) if value.startswith("z") else b""
        key.verify(signature, signing.hash_data(unsecured, options))
    except (InvalidSignature, ValueError):
        verdict.add(
            _("Signature"), False, _("The signature does not match the document: it was altered or forged.")
        )
        return
    verdict.add(
        _("Signature"), True, _("Valid eddsa-jcs-2022 signature by %(issuer)s.") % {"issuer": found[0].name}
    )


def _check_status(document: dict[str, Any], base_url: str, verdict: Verdict) -> None:
    status = document.get("credentialStatus")
    if not isinstance(status, dict) or status.get("type") != "BitstringStatusListEntry":
        verdict.add(_("Not revoked"), None, _("The credential names no revocation list."))
        return
    list_url = str(status.get("statusListCredential", ""))
    prefix = f"{base_url}/"
    found = (
        _organisation(list_url[len(prefix) :].removesuffix("/credentials/status/"))
        if list_url.startswith(prefix)
        else None
    )
    index = _status_index(status.get("statusListIndex"))
    if index is None:
        verdict.add(
            _("Not revoked"),
            False,
            _(
                "Its statusListIndex, %(value)s, is not a whole number written as text, so its revocation cannot be looked up."
            )
            % {"value": _shown(status.get("statusListIndex"))},
        )
        return
    if found is None:
        verdict.add(_("Not revoked"), None, _("Its revocation list is not on this portal."))
        return
    status_list = openbadges.status_list_document(found[0], found[1], base_url)
    bits = openbadges.decode_bitstring(status_list["credentialSubject"]["encodedList"])
    revoked = index < len(bits) * 8 and bool(bits[index // 8] & (0x80 >> (index % 8)))
    if not revoked:
        verdict.add(_("Not revoked"), True, _("Its bit in the issuer's revocation list is clear."))
        return
    row = (
        Credential.objects.filter(status_index=index)
        .filter(
            **({"issuer_college": found[0]} if found[1] == "colleges" else {"issuer_enterprise": found[0]})
        )
        .first()
    )
    verdict.revoked_at = row.revoked_at if row else None
    verdict.revocation_reason = row.revocation_reason if row else ""
    verdict.add(_("Not revoked"), False, _("The issuer revoked it."))


def _as_list(value: Any) -> list[Any]:
    """A property that holds one value or a list of them (JSON-LD), as a list."""
    return value if isinstance(value, list) else [] if value is None else [value]


def verify(document: Any, *, base_url: str) -> Verdict:
    verdict = Verdict()
    if not isinstance(document, dict):
        verdict.add(_("A verifiable credential"), False, _("This is not a JSON object."))
        return verdict
    not_i_json = _not_i_json(document)
    if not_i_json:
        verdict.add(_("A verifiable credential"), False, not_i_json)
        return verdict
    types, contexts = _as_list(document.get("type")), _as_list(document.get("@context"))
    if "VerifiableCredential" not in types or openbadges.W3C_CONTEXT not in contexts:
        verdict.add(_("A verifiable credential"), False, _("It is not a W3C verifiable credential."))
        return verdict
    verdict.add(_("A verifiable credential"), True, ", ".join(str(t) for t in types))
    verdict.name = str(document.get("name", ""))
    issuer = document.get("issuer")
    verdict.issuer = (
        str(issuer.get("name", issuer.get("id", ""))) if isinstance(issuer, dict) else str(issuer or "")
    )
    proofs = document.get("proof")
    proofs = proofs if isinstance(proofs, list) else [proofs] if isinstance(proofs, dict) else []
    ours = [
        p
        for p in proofs
        if isinstance(p, dict)
        and p.get("type") == "DataIntegrityProof"
        and p.get("cryptosuite") == signing.CRYPTOSUITE
    ]
    if not ours:
        verdict.add(
            _("Signature"), False, _("It carries no eddsa-jcs-2022 proof: anyone could have written it.")
        )
    for proof in ours:
        _check_proof(document, proof, base_url, verdict)
    _check_status(document, base_url, verdict)
    now = timezone.now()
    valid_from = _parse_time(document.get("validFrom"))
    valid_until = _parse_time(document.get("validUntil")) if document.get("validUntil") else None
    in_period = valid_from is not None and valid_from <= now and (valid_until is None or now <= valid_until)
    verdict.add(
        _("Within its validity period"),
        in_period,
        _("Valid from %(start)s%(end)s.")
        % {
            "start": document.get("validFrom", "?"),
            "end": f" {_('until')} {document['validUntil']}" if valid_until else "",
        },
    )
    return verdict
