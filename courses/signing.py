"""Ed25519 signatures on Open Badges credentials (W3C Data Integrity, ``eddsa-jcs-2022``).

The key comes from the environment (``CREDENTIAL_SIGNING_KEY``: the 32-byte private seed,
base64url). Without one, credentials are served unsigned. The public key is published at
``/.well-known/credential-key.json`` so anyone can verify a credential offline.

The proof: the unsigned document and the proof's configuration are each canonicalised with
JCS (RFC 8785: sorted keys, no spaces, UTF-8), hashed with SHA-256, and the two hashes,
configuration first, are signed; the signature is multibase base58btc ("z…").
"""

import base64
import hashlib
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_MULTICODEC = b"\xed\x01"
KEY_PATH = "/.well-known/credential-key.json"


def base58btc(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    encoded = ""
    while number:
        number, rest = divmod(number, 58)
        encoded = ALPHABET[rest] + encoded
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + encoded


def base58btc_decode(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + ALPHABET.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def jcs(value: Any) -> bytes:
    """RFC 8785 canonical JSON for documents of strings, lists, objects, booleans and null
    (the credentials carry no numbers, whose canonical form would need more care)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def private_key() -> Ed25519PrivateKey | None:
    seed = getattr(settings, "CREDENTIAL_SIGNING_KEY", "")
    if not seed:
        return None
    return Ed25519PrivateKey.from_private_bytes(base64.urlsafe_b64decode(seed + "=" * (-len(seed) % 4)))


def public_key_multibase(key: Ed25519PublicKey) -> str:
    return "z" + base58btc(ED25519_MULTICODEC + key.public_bytes(Encoding.Raw, PublicFormat.Raw))


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    raw = base58btc_decode(value[1:])
    if not value.startswith("z") or not raw.startswith(ED25519_MULTICODEC):
        raise ValueError("Not an Ed25519 multikey.")
    return Ed25519PublicKey.from_public_bytes(raw[len(ED25519_MULTICODEC) :])


def _hash_data(document: dict[str, Any], proof_config: dict[str, Any]) -> bytes:
    return hashlib.sha256(jcs(proof_config)).digest() + hashlib.sha256(jcs(document)).digest()


def sign(document: dict[str, Any], *, base_url: str, created: str) -> dict[str, Any]:
    """The document with a Data Integrity proof, or unchanged when no key is configured."""
    key = private_key()
    if key is None:
        return document
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": created,
        "verificationMethod": f"{base_url}{KEY_PATH}#key",
        "proofPurpose": "assertionMethod",
    }
    signature = key.sign(_hash_data(document, {**proof, "@context": document["@context"]}))
    return {**document, "proof": {**proof, "proofValue": "z" + base58btc(signature)}}


def verify(signed: dict[str, Any], public_key: Ed25519PublicKey) -> bool:
    document = {k: v for k, v in signed.items() if k != "proof"}
    proof = dict(signed["proof"])
    value = proof.pop("proofValue")
    try:
        public_key.verify(
            base58btc_decode(value[1:]), _hash_data(document, {**proof, "@context": document["@context"]})
        )
    except InvalidSignature:
        return False
    return True


def published_key(base_url: str) -> dict[str, Any] | None:
    key = private_key()
    if key is None:
        return None
    return {
        "@context": ["https://w3id.org/security/multikey/v1"],
        "id": f"{base_url}{KEY_PATH}#key",
        "type": "Multikey",
        "controller": f"{base_url}/",
        "publicKeyMultibase": public_key_multibase(key.public_key()),
    }
