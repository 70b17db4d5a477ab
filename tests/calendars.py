"""Calendars shared by the hand-computed tables of the business-day and term tests."""

from __future__ import annotations

from typing import Final

from msa_model import BusinessCalendar, OpeningWindow, PublicHolidays, TimeOfDay, Weekday

WEEKDAYS: Final = OpeningWindow(
    days=(Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI),
    start=TimeOfDay(9 * 60),
    end=TimeOfDay(17 * 60),
)
"""Monday to Friday, 09:00 to 17:00."""
OFFICE: Final = BusinessCalendar(id="office", zone="UTC", windows=(WEEKDAYS,))
"""Monday to Friday, no holidays."""
US_FEDERAL: Final = BusinessCalendar(
    id="us-federal",
    zone="America/New_York",
    windows=(WEEKDAYS,),
    public_holidays=PublicHolidays(country="US"),
)
"""Monday to Friday with the US federal holidays (Veterans Day, Thanksgiving, Christmas...)."""
