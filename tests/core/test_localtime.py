"""Issue 19 point 8: times in the agency's zone, labelled WIB/WITA/WIT; PANTAUZI_TZ, else `timezone` in
the credentials file, else Asia/Jakarta; an unknown zone is refused in Indonesian."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import yaml

from pantauzi.core import localtime

NOON_UTC = dt.datetime(2026, 12, 3, 12, 0)  # naive UTC, as the store keeps it


def test_default_is_wib(monkeypatch, tmp_path):
    monkeypatch.delenv("PANTAUZI_TZ", raising=False)
    monkeypatch.setenv("PANTAUZI_AUTH", str(tmp_path / "none.yaml"))
    clock = localtime.Clock()
    assert (clock.name, clock.label) == ("Asia/Jakarta", "WIB")
    assert clock.text(NOON_UTC) == "03-12-2026 19:00" and clock.stamp(NOON_UTC) == "03-12-2026 19:00 WIB"
    assert clock.column("Diunggah") == "Diunggah (WIB)"


@pytest.mark.parametrize(
    "zone, label, shown",
    [("Asia/Makassar", "WITA", "20:00"), ("Asia/Jayapura", "WIT", "21:00"), ("Australia/Darwin", "UTC+9:30", "21:30")],
)
def test_other_zones(monkeypatch, zone, label, shown):
    monkeypatch.setenv("PANTAUZI_TZ", zone)
    clock = localtime.Clock()
    assert clock.label == label and clock.text(NOON_UTC).endswith(shown)
    assert clock.text(pd.Timestamp(NOON_UTC)).endswith(shown) and clock.text(pd.NaT) == "" and clock.text(None) == ""


def test_the_credentials_file_names_the_zone(monkeypatch, tmp_path):
    path = tmp_path / "auth.yaml"
    path.write_text(yaml.safe_dump({"timezone": "Asia/Jayapura", "credentials": {"usernames": {}}}))
    monkeypatch.delenv("PANTAUZI_TZ", raising=False)
    monkeypatch.setenv("PANTAUZI_AUTH", str(path))
    assert localtime.Clock().label == "WIT"
    monkeypatch.setenv("PANTAUZI_TZ", "Asia/Makassar")  # the environment wins
    assert localtime.Clock().label == "WITA"


def test_unknown_zone_is_refused(monkeypatch):
    monkeypatch.setenv("PANTAUZI_TZ", "Asia/Ambon")
    with pytest.raises(ValueError, match="zona waktu 'Asia/Ambon' tidak dikenal"):
        localtime.Clock()
