"""Locales for formatting: always explicit, and checked before Babel sees them."""

from __future__ import annotations

import functools

import babel

from msa_model.errors import ParseError

__all__ = ["DEFAULT_LOCALE", "checked_locale"]

DEFAULT_LOCALE = "en_US"
"""The locale used when none is given; fixed, so output never depends on `$LANG`."""


@functools.cache
def checked_locale(name: str) -> babel.Locale:
    """Return Babel's locale for `name` such as `de_DE`.

    Raises:
        ParseError: Babel does not know the locale.

    Example:
        >>> str(checked_locale("de_DE"))
        'de_DE'
    """
    try:
        return babel.Locale.parse(name)
    except (ValueError, TypeError, babel.UnknownLocaleError):
        msg = f"unknown locale {name!r} (use a Babel locale such as 'en_US' or 'de_DE')"
        raise ParseError(msg) from None
