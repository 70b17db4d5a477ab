"""Shared test set-up: time zones come from the pinned tzdata package only."""

import zoneinfo

# Results must not depend on the host's /usr/share/zoneinfo (PITFALLS 9).
zoneinfo.reset_tzpath(to=())
