"""Billing periods: anchored every 1, 3 or 12 months, clipped to the service (SEMANTICS §5).

Period k of a billing schedule runs from `anchor + k × months` up to the
day before `anchor + (k + 1) × months`. Every boundary is computed from the
anchor in one step (clamped to the month's end), never by adding to the
previous boundary, so a schedule anchored on the 31st does not drift to
the 28th (SEMANTICS §1). The anchor is the term start or an explicit
billing anchor; it may lie before or after the service start (k is then
positive or negative).

Only the periods that overlap the service are billed, clipped to it: a
service that starts or ends mid-period gives a partial first or last
period, which a caller prorates by `Span.days` over `Span.period_days`.
A period is invoiced on its first billed day (in advance) or on the day
after its last billed day (in arrears), and due on the day the caller's
payment terms give for that invoice day.
"""

from __future__ import annotations

from calendar import isleap
from collections.abc import Callable, Iterator
from typing import Final

import attrs
import pendulum

from msa_model._engines.schedule import add_days, add_months, out_of_range

__all__ = ["MAX_SPANS", "Row", "Span", "billing_rows", "billing_spans"]

MAX_SPANS: Final = 100_000
"""Most periods `billing_spans` lists at once: 8,333 years of monthly billing."""

_FREQUENCIES: Final = (1, 3, 12)
_MONTH_DAYS: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_Date: Final = pendulum.Date

Row = tuple[
    int, pendulum.Date, pendulum.Date, pendulum.Date, pendulum.Date, pendulum.Date, pendulum.Date
]
"""A span's fields as a tuple, for callers that build their own records:
`(index, full_start, full_end, start, end, invoice_day, due_day)`."""


def _days_between(first: pendulum.Date, last: pendulum.Date) -> int:
    """Days from `first` to `last`, both included."""
    return last.toordinal() - first.toordinal() + 1


@attrs.frozen(kw_only=True)
class Span:
    """One billing period, as billed: the schedule's period clipped to the service.

    Attributes:
        index: k of the schedule: the period runs from `anchor + k × months`
            up to the day before `anchor + (k + 1) × months`; negative before
            the anchor.
        full_start: The schedule period's first day.
        full_end: The schedule period's last day (inclusive).
        start: The first day billed: `full_start`, or the service start when
            that is later.
        end: The last day billed: `full_end`, or the last service day when
            that is earlier.
        invoice_day: In advance, `start`; in arrears, the day after `end`.
        due_day: The payment terms applied to `invoice_day`; never before it.
    """

    index: int
    full_start: pendulum.Date
    full_end: pendulum.Date
    start: pendulum.Date
    end: pendulum.Date
    invoice_day: pendulum.Date
    due_day: pendulum.Date

    def __attrs_post_init__(self) -> None:
        """Refuse a span outside its period, or one due before it is invoiced."""
        if not self.full_start <= self.start <= self.end <= self.full_end:
            msg = (
                f"billed days {self.start}..{self.end} must lie inside the period "
                f"{self.full_start}..{self.full_end} and must not end before they start"
            )
            raise ValueError(msg)
        if self.due_day < self.invoice_day:
            msg = f"due_day={self.due_day} must not be before invoice_day={self.invoice_day}"
            raise ValueError(msg)

    @property
    def days(self) -> int:
        """Days billed, first and last included."""
        return _days_between(self.start, self.end)

    @property
    def period_days(self) -> int:
        """Days in the full schedule period (an annual period over a leap day has 366)."""
        return _days_between(self.full_start, self.full_end)

    @property
    def is_partial(self) -> bool:
        """Tell whether the service covers only part of the period."""
        return self.start != self.full_start or self.end != self.full_end


def _check_day(name: str, value: object) -> None:
    """Refuse anything but a `pendulum.Date` (a DateTime is a Date subclass: PITFALLS 1)."""
    if type(value) is not pendulum.Date:
        msg = f"{name} must be a pendulum.Date (got {type(value).__name__} {value!r})"
        raise TypeError(msg)


def _index_on(anchor: pendulum.Date, months: int, day: pendulum.Date) -> int:
    """Return k such that period k of the schedule contains `day`.

    Arithmetic, whatever the distance: boundary k = `day`'s month difference
    from the anchor, rounded down to whole steps, falls in `day`'s month or
    earlier, and boundary k + 1 in a later month; so only boundary k can be
    after `day`, and then period k − 1 contains it.
    """
    difference = (day.year - anchor.year) * 12 + day.month - anchor.month
    index = difference // months
    if add_months(anchor, index * months) > day:
        index -= 1
    return index


def billing_spans(  # noqa: PLR0913 -- one keyword for each part of a billing clause
    *,
    anchor: pendulum.Date,
    months: int,
    service_start: pendulum.Date,
    service_end: pendulum.Date | None,
    through: pendulum.Date,
    in_arrears: bool,
    due: Callable[[pendulum.Date], pendulum.Date],
) -> list[Span]:
    """List the billing periods of a service, in order, clipped to the service.

    The periods listed run from the one containing `service_start` up to the
    last one that starts (as billed) on or before both `through` and
    `service_end`. They tile the service from its start to the last listed
    day, with no gaps or overlaps. The first period is found by arithmetic,
    so an anchor 50 years back costs what a new one does (SEMANTICS §1, §5).

    A monthly schedule anchored on the 31st keeps to the month's last day
    where the 31st does not exist, and returns to the 31st:

        >>> net_30 = lambda day: add_days(day, 30)
        >>> spans = billing_spans(
        ...     anchor=pendulum.Date(2024, 1, 31),
        ...     months=1,
        ...     service_start=pendulum.Date(2024, 1, 31),
        ...     service_end=None,
        ...     through=pendulum.Date(2024, 4, 30),
        ...     in_arrears=False,
        ...     due=net_30,
        ... )
        >>> for span in spans:
        ...     print(span.index, span.start, span.end, span.days)
        0 2024-01-31 2024-02-28 29
        1 2024-02-29 2024-03-30 31
        2 2024-03-31 2024-04-29 30
        3 2024-04-30 2024-05-30 31

    A service starting mid-period is billed from its start; in arrears the
    invoice comes the day after the period:

        >>> (first,) = billing_spans(
        ...     anchor=pendulum.Date(2024, 1, 1),
        ...     months=1,
        ...     service_start=pendulum.Date(2024, 4, 16),
        ...     service_end=None,
        ...     through=pendulum.Date(2024, 4, 30),
        ...     in_arrears=True,
        ...     due=net_30,
        ... )
        >>> first.index, first.days, first.period_days, first.is_partial
        (3, 15, 30, True)
        >>> str(first.invoice_day), str(first.due_day)
        ('2024-05-01', '2024-05-31')

    Args:
        anchor: Where the schedule is counted from: the term start or an
            explicit billing anchor; before or after `service_start`.
        months: The frequency: 1 (monthly), 3 (quarterly) or 12 (annually).
        service_start: The first day of service.
        service_end: The last day of service (inclusive); None when the
            service has no end.
        through: The last day a listed period may start on (as billed); no
            period is listed when it is before `service_start`.
        in_arrears: Invoice on the day after each period rather than on its
            first billed day.
        due: The payment terms: the due day for an invoice day, e.g.
            30 days or 10 business days later; never earlier.

    Returns:
        The billed periods in order; empty when `through` is before
        `service_start`.

    Raises:
        TypeError: A day is not a `pendulum.Date` (a stdlib date or a
            DateTime), or `due` returned one.
        ValueError: `months` is not 1, 3 or 12; `service_end` is before
            `service_start`; more than `MAX_SPANS` periods would be listed;
            or `due` returned a day before its invoice day.
        OutOfRangeError: A period's bounds or invoice day fall outside years
            1 to 9999.
    """
    return [
        Span(
            index=index,
            full_start=full_start,
            full_end=full_end,
            start=start,
            end=end,
            invoice_day=invoice_day,
            due_day=due_day,
        )
        for index, full_start, full_end, start, end, invoice_day, due_day in billing_rows(
            anchor=anchor,
            months=months,
            service_start=service_start,
            service_end=service_end,
            through=through,
            in_arrears=in_arrears,
            due=due,
        )
    ]


def _check_arguments(  # noqa: PLR0913 # the days and frequency of billing_rows
    *,
    anchor: pendulum.Date,
    months: int,
    service_start: pendulum.Date,
    service_end: pendulum.Date | None,
    through: pendulum.Date,
    since: pendulum.Date | None,
) -> None:
    for name, value in (
        ("anchor", anchor),
        ("service_start", service_start),
        ("through", through),
    ):
        _check_day(name, value)
    for name, optional in (("service_end", service_end), ("since", since)):
        if optional is not None:
            _check_day(name, optional)
    if type(months) is not int or months not in _FREQUENCIES:
        msg = f"months={months!r} must be 1, 3 or 12"
        raise ValueError(msg)
    if service_end is not None and service_end < service_start:
        msg = f"service_end={service_end} must not be before service_start={service_start}"
        raise ValueError(msg)


def billing_rows(  # noqa: PLR0913 -- the arguments of billing_spans
    *,
    anchor: pendulum.Date,
    months: int,
    service_start: pendulum.Date,
    service_end: pendulum.Date | None,
    through: pendulum.Date,
    in_arrears: bool,
    due: Callable[[pendulum.Date], pendulum.Date],
    since: pendulum.Date | None = None,
) -> Iterator[Row]:
    """Yield what `billing_spans` lists, each span as a `Row` tuple; the same checks apply.

    With `since`, the schedule's periods that end (in full) before it are
    left out, the first one kept found by arithmetic, so a billing run over
    one year of an old agreement costs what it costs for a new one.

    The arguments are checked before the first row, so a bad one raises as
    soon as the iterator is first advanced.
    """
    _check_arguments(
        anchor=anchor,
        months=months,
        service_start=service_start,
        service_end=service_end,
        through=through,
        since=since,
    )
    last_start = through if service_end is None else min(through, service_end)
    if last_start < service_start:
        return
    first_index = _index_on(anchor, months, service_start)
    last_index = _index_on(anchor, months, last_start)
    if since is not None:
        first_index = max(first_index, _index_on(anchor, months, since))
    count = last_index - first_index + 1
    if count > MAX_SPANS:
        msg = (
            f"{count} billing periods from {service_start} through {last_start} is more than "
            f"{MAX_SPANS}; ask for a shorter stretch"
        )
        raise ValueError(msg)

    boundary = add_months(anchor, first_index * months)
    for index in range(first_index, last_index + 1):
        following, full_end = _next_boundary(anchor, (index + 1) * months)
        start = max(service_start, boundary)
        end = full_end if service_end is None or full_end < service_end else service_end
        if not in_arrears:
            invoice_day = start
        else:  # the day after `end`: the next boundary, unless the service ends earlier
            invoice_day = following if end is full_end else add_days(end, 1)
        due_day = due(invoice_day)
        if type(due_day) is not pendulum.Date:
            _check_day("due(invoice_day)", due_day)
        if due_day < invoice_day:
            msg = f"due_day={due_day} must not be before invoice_day={invoice_day}"
            raise ValueError(msg)
        # By construction full_start <= start <= end <= full_end, as `Span` requires.
        yield index, boundary, full_end, start, end, invoice_day, due_day
        boundary = following


def _next_boundary(anchor: pendulum.Date, months: int) -> tuple[pendulum.Date, pendulum.Date]:
    """`anchor + months` (clamped to the month's end), and the day before it.

    As `add_months` and `add_days(…, −1)`, from the month number alone, without a
    round trip through day ordinals.

    Raises:
        OutOfRangeError: The day is outside years 1 to 9999.
    """
    year, month_index = divmod(anchor.year * 12 + anchor.month - 1 + months, 12)
    mday = anchor.day
    if mday > 28:  # only the 29th to 31st can need clamping
        mday = min(mday, _MONTH_DAYS[month_index] + (month_index == 1 and isleap(year)))
    try:
        day = _Date(year, month_index + 1, mday)
        if mday > 1:
            return day, _Date(year, month_index + 1, mday - 1)
        year, month_index = divmod(year * 12 + month_index - 1, 12)  # the month before
        last = _MONTH_DAYS[month_index] + (month_index == 1 and isleap(year))
        return day, _Date(year, month_index + 1, last)
    except ValueError:
        raise out_of_range(anchor, months, "months") from None
