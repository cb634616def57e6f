"""Candidate codes that differ per employer, so that one person cannot be linked across employers.

A migrant's global pseudonym (``MigrantProfile.pseudonym``) is for the person and for government
officers. An employer sees every candidate under a code of its own: a keyed pseudorandom
permutation of the profile's primary key, keyed per employer organisation. Two employers see
unrelated codes for the same person; the employer's code decodes back to the profile id in O(1),
with no table and no IN list, so a code another employer was shown, or the global pseudonym,
finds nobody.

The permutation is a balanced Feistel network over ``BITS`` bits whose round function is
HMAC-SHA256 under the organisation's key (Luby-Rackoff: with a pseudorandom round function, four
rounds already give a pseudorandom permutation; we use more). Its output is written in the
pseudonym alphabet (32 unambiguous characters, 5 bits each) behind ``PREFIX``.

Plain Python, no Django: ``organisation_key`` takes the secret (the portal passes its
``SECRET_KEY``: rotating it changes every code, which nothing stores).
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

# The alphabet of ``migrants.models.new_pseudonym``: read out over the phone without confusion.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PREFIX = "P-"
CHARS = 8
BITS = CHARS * 5  # 40 bits: profile ids below 2**40
HALF = BITS // 2
HALF_MASK = (1 << HALF) - 1
ROUNDS = 8
LENGTH = len(PREFIX) + CHARS
_VALUES = {c: i for i, c in enumerate(ALPHABET)}


@lru_cache(maxsize=4096)
def organisation_key(secret: str | bytes, organisation_id: int) -> bytes:
    """The key of one organisation's codes, derived from the portal's secret."""
    raw = secret.encode() if isinstance(secret, str) else secret
    label = f"smp-portal/employer-candidate-code/v1/{organisation_id}".encode()
    return hmac.new(raw, label, hashlib.sha256).digest()


def _round(key: bytes, index: int, half: int) -> int:
    digest = hmac.new(key, bytes([index]) + half.to_bytes(4, "big"), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big") & HALF_MASK


def permute(key: bytes, number: int) -> int:
    if not 0 <= number < 1 << BITS:
        raise ValueError(f"{number} is outside the {BITS}-bit domain of candidate codes")
    left, right = number >> HALF, number & HALF_MASK
    for index in range(ROUNDS):
        left, right = right, left ^ _round(key, index, right)
    return (left << HALF) | right


def unpermute(key: bytes, number: int) -> int:
    left, right = number >> HALF, number & HALF_MASK
    for index in reversed(range(ROUNDS)):
        left, right = right ^ _round(key, index, left), left
    return (left << HALF) | right


def encode(key: bytes, number: int) -> str:
    """The code of ``number`` (a profile id) under ``key``."""
    value = permute(key, number)
    chars = [ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(CHARS))]
    return PREFIX + "".join(chars)


def decode(key: bytes, code: str) -> int | None:
    """The number whose code under ``key`` is ``code`` (case and surrounding spaces ignored),
    or None for anything that is not a code at all."""
    text = code.strip().upper()
    if len(text) != LENGTH or not text.startswith(PREFIX):
        return None
    value = 0
    for char in text[len(PREFIX) :]:
        digit = _VALUES.get(char)
        if digit is None:
            return None
        value = value << 5 | digit
    return unpermute(key, value)
