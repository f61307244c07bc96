"""Personal data is masked before anything is stored."""
from __future__ import annotations

import pytest

from bot.privacy import labels, mask, pseudonymise_sender

CPR_MASK, EMAIL_MASK, PHONE_MASK = labels()["cpr"], labels()["email"], labels()["phone"]


@pytest.mark.parametrize("text, expected", [
    ("Mit CPR er 010190-1234", f"Mit CPR er {CPR_MASK}"),
    ("cpr 0101901234 tak", f"cpr {CPR_MASK} tak"),
    ("skriv til lone.hansen@aarhus.dk", f"skriv til {EMAIL_MASK}"),
    ("ring på 12345678", f"ring på {PHONE_MASK}"),
    ("ring på +45 12 34 56 78", f"ring på {PHONE_MASK}"),
    ("ring på 0045 1234 5678", f"ring på {PHONE_MASK}"),
    ("ring på +4512345678 eller 87 65 43 21", f"ring på {PHONE_MASK} eller {PHONE_MASK}"),
    ("Hvad er samskabelse?", "Hvad er samskabelse?"),
    ("de 12 projekter fra 2019", "de 12 projekter fra 2019"),
    ("budget på 1.500.000 kr", "budget på 1.500.000 kr"),
    ("", ""),
])
def test_mask(text, expected):
    assert mask(text) == expected


def test_pseudonymise_sender():
    assert pseudonymise_sender("leder@kommune.dk").startswith("anon-")
    assert pseudonymise_sender("leder@kommune.dk") == pseudonymise_sender("leder@kommune.dk")
    assert pseudonymise_sender("e2e-1234abcd") == "e2e-1234abcd"
    assert pseudonymise_sender(None) is None
