"""Text and e-mail address types for request bodies and query parameters, shared by every
service so that one rule holds everywhere.

- `SingleLineText` (titles, names, organisations, search text): no control character at all
  (C0 including NUL, DEL, C1) and no line or paragraph separator.
- `MultiLineText` (summaries, descriptions, messages, post bodies): tabs and line breaks
  (LF, CR) allowed, no other control character.
- `EmailAddress`: checked by `email-validator`, syntax only (no DNS lookup), returned in its
  normalised form (domain lower-cased, internationalised forms normalised).

Surrounding whitespace is trimmed before any check. Length limits stay with each field
(`Field(min_length=..., max_length=...)`) and apply to the trimmed value. The rules are
plain string constraints, so they compose with those limits (also on optional fields) and
show in the OpenAPI document as a `pattern`; a violation is a validation error on its field,
a 422 problem whose `errors[].loc` names it.
"""
from __future__ import annotations

from typing import Annotated

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, StringConstraints

__all__ = ["EmailAddress", "MultiLineText", "SingleLineText"]

# Character classes as \uXXXX escapes, which JSON Schema (ECMA-262), Python and the Rust
# regex engine pydantic uses all read alike. Unicode category Cc is U+0000-001F and
# U+007F-009F; U+2028/U+2029 break lines as well.
_SINGLE_LINE = r"^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$"
_MULTI_LINE = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"  # TAB, LF, CR allowed


def _email_address(value: str) -> str:
    try:
        # Syntax only: whether the domain accepts mail is no business of request validation,
        # and registration must not depend on a resolver.
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise ValueError(f"not a valid e-mail address: {exc}") from None


SingleLineText = Annotated[str, StringConstraints(strip_whitespace=True, pattern=_SINGLE_LINE)]
MultiLineText = Annotated[str, StringConstraints(strip_whitespace=True, pattern=_MULTI_LINE)]
# 254: the longest address SMTP can carry (RFC 5321's path limit less the angle brackets).
EmailAddress = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254, pattern=_SINGLE_LINE),
                         AfterValidator(_email_address)]
