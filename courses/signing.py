"""Ed25519 signatures on Open Badges credentials: W3C Data Integrity, cryptosuite
``eddsa-jcs-2022`` (Data Integrity EdDSA Cryptosuites v1.0, section 3.3), done exactly:

1. the proof options (type, cryptosuite, created, verificationMethod, proofPurpose) get the
   document's ``@context`` (3.3.1 step 2), and are published with it, so a verifier hashes
   the very same proof configuration;
2. the unsecured document and the proof configuration are each canonicalised with JCS
   (RFC 8785) and hashed with SHA-256; the signature is Ed25519 over the proof
   configuration's hash followed by the document's hash;
3. ``proofValue`` is the signature in multibase base58btc (``z…``); ``proof`` is a list, as
   the Open Badges 3.0 schema requires.

Every issuer (a college or an enterprise) signs with a key of its own, derived from the
portal's secret (``CREDENTIAL_SIGNING_KEY``) with HKDF and the issuer's path, and publishes
it in its profile (``/colleges/<code>/``) as a Multikey verification method listed under
``assertionMethod``: a stock verifier confirms both the signature and that the key is the
issuer's. Without a secret, credentials are served unsigned.
"""

import base64
import hashlib
from typing import Any

import base58
import jcs
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings

CRYPTOSUITE = "eddsa-jcs-2022"
ED25519_MULTICODEC = b"\xed\x01"
KEY_FRAGMENT = "key-1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"


def _secret() -> bytes | None:
    seed = getattr(settings, "CREDENTIAL_SIGNING_KEY", "")
    if not seed:
        return None
    return base64.urlsafe_b64decode(seed + "=" * (-len(seed) % 4))


def issuer_key(issuer_path: str) -> Ed25519PrivateKey | None:
    """The private key of an issuer (``colleges/prvc``), or None when the portal does not sign.

    Derived, not stored: one secret to keep, and every issuer's key differs from the others'.
    """
    secret = _secret()
    if secret is None:
        return None
    seed = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"chanjiao issuer key", info=issuer_path.encode()
    ).derive(secret)
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_multibase(key: Ed25519PublicKey) -> str:
    return (
        "z" + base58.b58encode(ED25519_MULTICODEC + key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()
    )


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    if not value.startswith("z"):
        raise ValueError("Not a base58btc multibase value.")
    raw = base58.b58decode(value[1:])
    if not raw.startswith(ED25519_MULTICODEC) or len(raw) != 34:
        raise ValueError("Not an Ed25519 multikey.")
    return Ed25519PublicKey.from_public_bytes(raw[len(ED25519_MULTICODEC) :])


def verification_method(issuer_url: str, issuer_path: str) -> dict[str, Any] | None:
    """The issuer's Multikey verification method, as its profile publishes it."""
    key = issuer_key(issuer_path)
    if key is None:
        return None
    return {
        "@context": MULTIKEY_CONTEXT,
        "id": f"{issuer_url}#{KEY_FRAGMENT}",
        "type": "Multikey",
        "controller": issuer_url,
        "publicKeyMultibase": public_key_multibase(key.public_key()),
    }


def hash_data(document: dict[str, Any], proof_config: dict[str, Any]) -> bytes:
    """SHA-256 of the canonical proof configuration, then of the canonical document."""
    return (
        hashlib.sha256(jcs.canonicalize(proof_config)).digest()
        + hashlib.sha256(jcs.canonicalize(document)).digest()
    )


def sign(document: dict[str, Any], *, issuer_url: str, issuer_path: str, created: str) -> dict[str, Any]:
    """The document with a Data Integrity proof by its issuer's key (unchanged without one)."""
    key = issuer_key(issuer_path)
    if key is None:
        return document
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    proof: dict[str, Any] = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": f"{issuer_url}#{KEY_FRAGMENT}",
        "proofPurpose": "assertionMethod",
    }
    if "@context" in unsecured:
        proof["@context"] = unsecured["@context"]
    signature = key.sign(hash_data(unsecured, proof))
    return {**unsecured, "proof": [{**proof, "proofValue": "z" + base58.b58encode(signature).decode()}]}
