"""Lengths of time as contracts state them.

Three distinct kinds, never converted into each other (docs/lengths.md):

- `Period`: calendar units (years, months, weeks, days), ISO 8601 text
  such as `P36M` or `P90D`. Not a timedelta: a month has no fixed length.
- `BusinessDays`: a count of business days of some calendar.
- `BusinessTime`: an exact amount of open time (`PT4H`, `PT30M`), for SLA
  targets; day designators are refused as ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

import attrs
import pendulum
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.units import format_unit

from msa_model._values.invariants import Checked, integer
from msa_model._values.locale import DEFAULT_LOCALE, checked_locale
from msa_model.errors import OutOfRangeError, ParseError, Problem

__all__ = ["MAX_BUSINESS_SECONDS", "MAX_UNIT", "BusinessDays", "BusinessTime", "Period"]

MAX_UNIT: Final = 9999
"""Largest number accepted for any one unit of a length."""
MAX_BUSINESS_SECONDS: Final = 87_600 * 3600
"""Longest business time accepted: 87,600 hours (ten years around the clock)."""

_PERIOD = re.compile(
    r"P(?!$)(?:([0-9]{1,4})Y)?(?:([0-9]{1,4})M)?(?:([0-9]{1,4})W)?(?:([0-9]{1,4})D)?"
)
_BUSINESS_TIME = re.compile(r"PT(?!$)(?:([0-9]{1,6})H)?(?:([0-9]{1,6})M)?(?:([0-9]{1,8})S)?")


@attrs.frozen(kw_only=True)
class Period(Checked):
    """A length in calendar units: years, months, weeks and days.

    Years count as 12 months and weeks as 7 days; months are applied before
    days, clamping to the month's end (docs/lengths.md). The units are kept
    as written, so `P1Y` and `P12M` stay distinct text, while `months_total`
    and `days_total` give the arithmetic.

    Attributes:
        years: Whole years.
        months: Whole months.
        weeks: Whole weeks.
        days: Whole days.

    Example:
        >>> Period.parse("P1M").add_to(pendulum.Date(2024, 1, 31))
        Date(2024, 2, 29)
        >>> str(Period(years=3) * 2)
        'P6Y'
    """

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ISO 8601 text such as `P36M`, `P1Y6M`, `P2W` or `P90D`.

        Raises:
            ValueError: The text is not an ISO 8601 period of whole years,
                months, weeks and days (times, fractions and signs are refused).
        """
        match = _PERIOD.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise ParseError(
                "must be an ISO 8601 period of whole years, months, weeks and days "
                f"such as 'P36M' or 'P90D' (got {text!r})"
            )
        years, months, weeks, days = (int(group or 0) for group in match.groups())
        return cls(years=years, months=months, weeks=weeks, days=days)

    def _problems(self) -> Iterator[Problem]:
        for name in ("years", "months", "weeks", "days"):
            yield from integer(getattr(self, name), name, minimum=0, maximum=MAX_UNIT)

    @property
    def months_total(self) -> int:
        """Years and months as months."""
        return self.years * 12 + self.months

    @property
    def days_total(self) -> int:
        """Weeks and days as days."""
        return self.weeks * 7 + self.days

    @property
    def is_zero(self) -> bool:
        """Tell whether the length is zero (`P0D`)."""
        return self.months_total == 0 and self.days_total == 0

    def add_to(self, day: pendulum.Date, times: int = 1) -> pendulum.Date:
        """Return `day + times × self`: months first (clamped to month end), then days.

        Example:
            >>> Period(months=1).add_to(pendulum.Date(2024, 1, 31), times=3)
            Date(2024, 4, 30)
        """
        try:
            result = day.add(months=self.months_total * times) if self.months_total else day
            return result.add(days=self.days_total * times) if self.days_total else result
        except (ValueError, OverflowError):
            msg = f"{day} plus {self * times} is outside years 1 to 9999"
            raise OutOfRangeError(msg) from None

    def format(self, locale: str = DEFAULT_LOCALE) -> str:
        """Write the length in words for people, with Babel, e.g. `1 Jahr und 6 Monate`.

        Example:
            >>> Period.parse("P1Y6M").format(), Period.parse("P36M").format("de_DE")
            ('1 year and 6 months', '36 Monate')
        """
        units = (
            (self.years, "duration-year"),
            (self.months, "duration-month"),
            (self.weeks, "duration-week"),
            (self.days, "duration-day"),
        )
        parts = [_unit(value, unit, locale) for value, unit in units if value]
        return format_list(
            parts or [_unit(0, "duration-day", locale)], locale=checked_locale(locale)
        )

    def __mul__(self, times: int) -> Period:
        """Multiply every unit by a whole number."""
        if type(times) is not int:
            return NotImplemented
        return Period(
            years=self.years * times,
            months=self.months * times,
            weeks=self.weeks * times,
            days=self.days * times,
        )

    __rmul__ = __mul__

    def __add__(self, other: Period) -> Period:
        """Add unit by unit."""
        if not isinstance(other, Period):
            return NotImplemented
        return Period(
            years=self.years + other.years,
            months=self.months + other.months,
            weeks=self.weeks + other.weeks,
            days=self.days + other.days,
        )

    def __str__(self) -> str:
        """Return the ISO 8601 text, e.g. `P1Y6M`; zero is `P0D`."""
        parts = [
            f"{value}{unit}"
            for value, unit in (
                (self.years, "Y"),
                (self.months, "M"),
                (self.weeks, "W"),
                (self.days, "D"),
            )
            if value
        ]
        return "P" + ("".join(parts) or "0D")


@attrs.frozen
class BusinessDays(Checked):
    """A number of business days of a calendar, e.g. 30 business days' notice.

    Attributes:
        count: How many business days.

    Example:
        >>> str(BusinessDays(10))
        '10 business days'
    """

    count: int

    def _problems(self) -> Iterator[Problem]:
        yield from integer(self.count, "count", minimum=0, maximum=MAX_UNIT)

    def format(self, locale: str = DEFAULT_LOCALE) -> str:
        """Write the count for people: the number in the locale's digits, the words in English.

        CLDR has no unit for business days, so the words are not translated.

        Example:
            >>> BusinessDays(1500).format("de_DE")
            '1.500 business days'
        """
        number = format_decimal(self.count, locale=checked_locale(locale))
        return f"{number} business day{'' if self.count == 1 else 's'}"

    def __str__(self) -> str:
        """Return e.g. `10 business days`."""
        return f"{self.count} business day{'' if self.count == 1 else 's'}"


@attrs.frozen(order=True)
class BusinessTime(Checked):
    """An exact amount of open (business) time, e.g. an SLA target of `PT4H`.

    Held as whole seconds, written as ISO 8601 hours, minutes and seconds
    (`PT90M` reads back as `PT1H30M`: the same length). Day designators
    (`P1D`) are refused: a business day is not 24 hours; use `BusinessDays`.

    Attributes:
        seconds: The length in seconds.

    Example:
        >>> str(BusinessTime.parse("PT90M"))
        'PT1H30M'
        >>> BusinessTime.parse("PT4H") < BusinessTime.parse("PT8H")
        True
    """

    seconds: int

    @classmethod
    def of(cls, *, hours: int = 0, minutes: int = 0, seconds: int = 0) -> BusinessTime:
        """Build from hours, minutes and seconds."""
        return cls(hours * 3600 + minutes * 60 + seconds)

    @classmethod
    def parse(cls, text: str) -> BusinessTime:
        """Read ISO 8601 text such as `PT4H`, `PT30M` or `PT1H30M`.

        Raises:
            ValueError: The text has day designators, fractions or signs, or
                is not an ISO 8601 time length.
        """
        match = _BUSINESS_TIME.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            if isinstance(text, str) and re.fullmatch(r"P[0-9]+[YMWD].*", text):
                raise ParseError(
                    "business time must not use days, weeks, months or years "
                    f"(got {text!r}): write hours such as 'PT24H', or use business days"
                )
            raise ParseError(
                "must be an ISO 8601 length of whole hours, minutes and seconds "
                f"such as 'PT4H' or 'PT30M' (got {text!r})"
            )
        hours, minutes, seconds = (int(group or 0) for group in match.groups())
        length = hours * 3600 + minutes * 60 + seconds
        if length > MAX_BUSINESS_SECONDS:
            most = MAX_BUSINESS_SECONDS // 3600
            raise ParseError(f"must be at most {most} hours (got {text!r})")
        return cls(length)

    def _problems(self) -> Iterator[Problem]:
        yield from integer(self.seconds, "seconds", minimum=0, maximum=MAX_BUSINESS_SECONDS)

    @property
    def hours(self) -> int:
        """Whole hours."""
        return self.seconds // 3600

    def format(self, locale: str = DEFAULT_LOCALE) -> str:
        """Write the length in words for people, with Babel, e.g. `1 hour and 30 minutes`.

        Example:
            >>> BusinessTime.parse("PT1H30M").format(), BusinessTime.parse("PT4H").format("de_DE")
            ('1 hour and 30 minutes', '4 Stunden')
        """
        hours, rest = divmod(self.seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        units = (
            (hours, "duration-hour"),
            (minutes, "duration-minute"),
            (seconds, "duration-second"),
        )
        parts = [_unit(value, unit, locale) for value, unit in units if value]
        return format_list(
            parts or [_unit(0, "duration-second", locale)], locale=checked_locale(locale)
        )

    def __str__(self) -> str:
        """Return ISO 8601 text, e.g. `PT1H30M`; zero is `PT0S`."""
        hours, rest = divmod(self.seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        parts = [f"{v}{u}" for v, u in ((hours, "H"), (minutes, "M"), (seconds, "S")) if v]
        return "PT" + ("".join(parts) or "0S")


def _unit(value: int, unit: str, locale: str) -> str:
    text = str(format_unit(value, unit, length="long", locale=checked_locale(locale)))
    if unit in text:  # CLDR has no long form here, and Babel prints the unit's id
        text = str(format_unit(value, unit, length="short", locale=checked_locale(locale)))
    return text
