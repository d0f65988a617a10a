"""Signed values: JSON that the browser carries and cannot change unseen (HMAC-SHA256).

Used for the questionnaire's draft answers, carried in a hidden form field so that the
assessment works without JavaScript and without a server-side store. The ``purpose`` is part of
the signed message, so a value signed for one use is refused for another.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from unknot.errors import InvalidInput


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def mac(secret: bytes, purpose: str, message: bytes) -> str:
    """HMAC-SHA256 of ``purpose`` and ``message``, URL-safe base64."""
    digest = hmac.new(secret, purpose.encode("utf-8") + b"\x00" + message, hashlib.sha256)
    return _b64(digest.digest())


def sign(secret: bytes, purpose: str, value: Any) -> str:
    """``value`` as compact JSON in base64, a dot, and the MAC of that text (so that any
    changed character is refused, even one base64 would decode the same)."""
    body = _b64(json.dumps(value, separators=(",", ":"), sort_keys=True).encode("utf-8"))
    return f"{body}.{mac(secret, purpose, body.encode('ascii'))}"


def unsign(secret: bytes, purpose: str, token: str, field: str = "draft") -> Any:
    """The value inside ``token``; InvalidInput naming ``field`` when it was changed."""
    encoded, _, signature = token.partition(".")
    expected = mac(secret, purpose, encoded.encode("utf-8"))
    if not signature or not hmac.compare_digest(signature.encode(), expected.encode()):
        raise InvalidInput(field, "the saved answers were changed; please start again")
    try:
        return json.loads(_unb64(encoded))
    except (binascii.Error, ValueError):
        raise InvalidInput(field, "the saved answers were damaged; please start again") from None
