"""The QR code's token: a certificate's code signed by us, and nothing else passes."""

import re

from django.core import signing

from certificates.codes import token_for, verify_token
from certificates.models import new_certificate_code


def test_a_token_we_signed_gives_back_its_code():
    code = new_certificate_code()
    assert verify_token(token_for(code)) == code


def test_a_token_is_made_of_url_safe_characters_only():
    for _ in range(50):
        assert re.fullmatch(r"[A-Za-z0-9_.-]+", token_for(new_certificate_code()))


def test_a_tampered_code_or_signature_fails():
    token = token_for("AbCdEfGhIjKlMnOp")
    code, signature = token.split(".")
    assert verify_token(f"AbCdEfGhIjKlMnOq.{signature}") is None
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    assert verify_token(f"{code}.{flipped}") is None
    assert verify_token(token + "x") is None


def test_a_made_up_token_fails():
    for token in ["", "abc", "abc.def", "AbCdEfGhIjKlMnOp", "a" * 60, "../../etc/passwd"]:
        assert verify_token(token) is None


def test_a_token_signed_for_something_else_fails():
    # The same secret with another salt (a login link, say) signs nothing of ours.
    other = signing.Signer(salt="nhaso.other", sep=".").sign("AbCdEfGhIjKlMnOp")
    assert verify_token(other) is None
    assert verify_token(signing.Signer().sign("AbCdEfGhIjKlMnOp")) is None
