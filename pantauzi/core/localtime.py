"""Times as the agency reads them: the store keeps naive UTC; pages show the agency's own zone, labelled
WIB (UTC+7), WITA (UTC+8) or WIT (UTC+9).

The zone: $PANTAUZI_TZ, else `timezone` at the top of the credentials file (config/auth.yaml), else
Asia/Jakarta. An IANA name (Asia/Jakarta, Asia/Makassar, Asia/Jayapura, ...); a zone outside Indonesia
is labelled by its offset ("UTC+10")."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Asia/Jakarta"
LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Ujung_Pandang": "WITA",
    "Asia/Jayapura": "WIT",
}


def zone_name(data: dict[str, Any] | None = None) -> str:
    """The configured zone's IANA name (`data`: the credentials file's content, when already read)."""
    name = os.environ.get("PANTAUZI_TZ")
    if not name:
        if data is None:
            from pantauzi.core import access

            data = access.load()
        name = str((data or {}).get("timezone") or DEFAULT_ZONE)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"zona waktu {name!r} tidak dikenal (PANTAUZI_TZ atau 'timezone'); pakai mis. Asia/Jakarta (WIB), "
            "Asia/Makassar (WITA) atau Asia/Jayapura (WIT)"
        ) from None
    return name


def label(name: str) -> str:
    """'WIB', 'WITA', 'WIT'; elsewhere 'UTC+10', 'UTC-03:30'."""
    if name in LABELS:
        return LABELS[name]
    offset = dt.datetime(2026, 1, 1, tzinfo=ZoneInfo(name)).utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    h, m = divmod(abs(minutes), 60)
    return f"UTC{sign}{h}" + (f":{m:02d}" if m else "")


class Clock:
    """Formats UTC times of the store in one zone (read once per page run)."""

    def __init__(self, name: str | None = None) -> None:
        self.name = name or zone_name()
        self.zone = ZoneInfo(self.name)
        self.label = label(self.name)

    def local(self, at: Any) -> dt.datetime | None:
        """A naive-UTC (or aware) time in the zone; None for a missing value."""
        if at is None:
            return None
        if hasattr(at, "to_pydatetime"):  # a pandas Timestamp (NaT is missing)
            if at != at:
                return None
            at = at.to_pydatetime()
        if not isinstance(at, dt.datetime):
            return None
        if at.tzinfo is None:
            at = at.replace(tzinfo=dt.UTC)
        local: dt.datetime = at.astimezone(self.zone)
        return local

    def text(self, at: Any, seconds: bool = False) -> str:
        """'03-12-2026 18:05' in the zone ('' for a missing value); the label goes in the column header."""
        local = self.local(at)
        return "" if local is None else local.strftime("%d-%m-%Y %H:%M:%S" if seconds else "%d-%m-%Y %H:%M")

    def stamp(self, at: Any) -> str:
        """'03-12-2026 18:05 WIB': a time in a sentence."""
        text = self.text(at)
        return f"{text} {self.label}" if text else ""

    def column(self, title: str) -> str:
        """'Diunggah (WIB)'."""
        return f"{title} ({self.label})"
