"""What a certificate's QR code carries: its random code, signed.

The code alone is unguessable (96 random bits); the signature lets the verification page turn
away a made-up or altered token before looking anything up, so guessing costs no query. The
separator is a dot, not the signer's default colon: the token is then made of URL-safe
characters only (letters, digits, "-", "_", "."), whatever reads or writes the address.
"""

from django.core import signing

SALT = "nhaso.certificate"


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT, sep=".")


def token_for(code: str) -> str:
    """The token printed in a certificate's QR code and verification address."""
    return _signer().sign(code)


def verify_token(token: str) -> str | None:
    """The certificate code ``token`` carries, or None when it was not signed by us."""
    try:
        return _signer().unsign(token)
    except signing.BadSignature:
        return None
