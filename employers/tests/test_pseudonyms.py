"""The per-employer candidate code on its own (plain Python: no database, no settings)."""

from __future__ import annotations

import pytest

from employers import pseudonyms as p

SECRET = "a-test-secret-that-is-long-enough-for-hmac"
ONE, TWO = p.organisation_key(SECRET, 1), p.organisation_key(SECRET, 2)


def test_a_code_decodes_to_the_profile_id() -> None:
    for number in [*range(0, 2000), 2**31 - 1, 2**39 + 12345, 2**p.BITS - 1]:
        code = p.encode(ONE, number)
        assert p.decode(ONE, code) == number
        assert p.decode(ONE, f"  {code.lower()} ") == number  # as typed


def test_codes_look_like_pseudonyms_of_their_own_kind() -> None:
    code = p.encode(ONE, 42)
    assert len(code) == p.LENGTH and code.startswith(p.PREFIX)
    assert set(code[len(p.PREFIX) :]) <= set(p.ALPHABET)
    assert p.encode(ONE, 42) == code  # deterministic: the same link tomorrow


def test_no_two_profiles_share_a_code() -> None:
    numbers = range(0, 20_000)
    assert len({p.encode(ONE, n) for n in numbers}) == len(numbers)


def test_two_employers_see_unrelated_codes() -> None:
    numbers = range(1, 2001)
    one = [p.encode(ONE, n) for n in numbers]
    two = [p.encode(TWO, n) for n in numbers]
    assert not [a for a, b in zip(one, two, strict=True) if a == b]
    # Neither can read the other's: a code of employer 2 stands for someone else at employer 1.
    assert sum(p.decode(ONE, code) == n for code, n in zip(two, numbers, strict=True)) == 0
    # Consecutive ids do not give neighbouring codes (no order to read from them).
    assert sorted(one) != one


def test_the_key_depends_on_the_secret_and_the_organisation() -> None:
    assert p.organisation_key(SECRET, 1) != p.organisation_key(SECRET + "x", 1)
    assert p.organisation_key(SECRET.encode(), 1) == ONE
    assert p.encode(p.organisation_key(SECRET + "x", 1), 7) != p.encode(ONE, 7)


@pytest.mark.parametrize(
    "text",
    ["", "P-", "C-53QCRS7F", "P-53QCRS7", "P-53QCRS7FF", "P-53QCRS0F", "P-53QCRSIF", "X-53QCRS7F"],
)
def test_what_is_not_a_code_decodes_to_nothing(text: str) -> None:
    """A global pseudonym (``C-…``), a wrong length or a character outside the alphabet."""
    assert p.decode(ONE, text) is None


def test_ids_outside_the_domain_are_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        p.encode(ONE, 2**p.BITS)
    with pytest.raises(ValueError, match="outside"):
        p.encode(ONE, -1)
