"""V&H <-> latitude/longitude (formats.md §7: the Donald projection of vh2ll.c / XS.xs)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetpoint.network import vh
from meetpoint.network.vh import latlon_to_vh, latlon_to_vh_array, vh_to_latlon, vh_to_latlon_array


def dms(d: float, m: float, s: float) -> float:
    return d + m / 60 + s / 3600


# --- constants --------------------------------------------------------------------------------------


def test_derived_quadratic_constants_match_the_values_printed_in_the_c_source():
    # XS.xs toLatLon prints GX, GY, A, Q, Q2 to 18 digits; we derive them from the foci instead.
    assert vh._GX == pytest.approx(0.216507961908834992, abs=1e-8)
    assert vh._GY == pytest.approx(-0.134633014879368199, abs=1e-8)
    assert vh._A == pytest.approx(0.151646645621077297, abs=1e-8)
    assert vh._Q == pytest.approx(-0.294355056616412800, abs=1e-8)
    assert vh._Q**2 == pytest.approx(0.0866448993556515751, abs=1e-8)
    assert vh._P == pytest.approx(vh._P_PRINTED, abs=1e-8)
    assert vh._ROTC == pytest.approx(0.2317903984757393, abs=1e-15)  # XS.xs ROTC
    assert vh._ROTS == pytest.approx(0.9727657534959061, abs=1e-15)  # XS.xs ROTS


def test_the_foci_are_0_4_radians_apart_to_nine_digits():
    assert vh._FOCI_ARC == pytest.approx(0.4, abs=1e-9)


def test_the_eastern_focus_is_the_translation_point():
    # 37°42′14.69″N 82°39′15.27″W (Floyd Co., Ky.) is the plane's origin: V = 6363.235, H = 2250.7.
    v, h = latlon_to_vh(dms(37, 42, 14.69), -dms(82, 39, 15.27))
    assert v == pytest.approx(6363.235, abs=0.01)
    assert h == pytest.approx(2250.7, abs=0.01)


def test_the_western_focus_is_0_4_radians_along_the_rotated_axis():
    # 41°02′55.53″N 112°03′39.35″W: ht = 0.4, vt = 0, so V = 6363.235 + 12481.103·cos(76.597…°)·0.4
    # = 6363.235 + 1157.200 = 7520.435 and H = 2250.7 + 12481.103·sin(76.597…°)·0.4 = 7107.176.
    v, h = latlon_to_vh(dms(41, 2, 55.53), -dms(112, 3, 39.35))
    assert v == pytest.approx(7520.435, abs=0.01)
    assert h == pytest.approx(7107.176, abs=0.01)


# --- published values -------------------------------------------------------------------------------


def test_the_xs_module_test_point_both_ways():
    # Geo::Coordinates::VandH::XS, t/ test: (V, H) = (5587, 1601) <-> (39.07824516, -77.00127254),
    # checked there to 0.01.
    v, h = latlon_to_vh(39.07824516, -77.00127254)
    assert (v, h) == pytest.approx((5587, 1601), abs=0.01)
    lat, lon = vh_to_latlon(5587, 1601)
    assert (lat, lon) == pytest.approx((39.07824516, -77.00127254), abs=1e-4)


def test_chicago_formats_md_check():
    # formats.md §7: (41.878, −87.630) -> (5986.6, 3424.7); the rate center (5986, 3426) -> (41.88, 87.64 W).
    assert latlon_to_vh(41.878, -87.630) == pytest.approx((5986.6, 3424.7), abs=0.1)
    assert vh_to_latlon(5986, 3426) == pytest.approx((41.88, -87.64), abs=0.01)


# Published rate-center V&H and the place's usual coordinates. A rate center's point is not the
# city hall, so the tolerance is 0.05° (a few miles), not one V&H unit.
PUBLISHED_RATE_CENTERS = [
    # (place, V, H, lat, lon, source of the V&H)
    ("New York, NY", 4997, 1406, 40.7128, -74.0060, "formats.md §7 worked example"),
    ("Chicago, IL", 5986, 3426, 41.878, -87.630, "formats.md §7 worked example"),
    ("Nashville, TN", 7010, 2710, 36.1627, -86.7816, "CCMI rate-center lookup, quoted by CodeProject 1043959"),
    ("Pontiac, MI", 5498, 2895, 42.6389, -83.2917, "Geo::Coordinates::VandH synopsis (metacpan)"),
]


@pytest.mark.parametrize("place,v,h,lat,lon,source", PUBLISHED_RATE_CENTERS, ids=[p[0] for p in PUBLISHED_RATE_CENTERS])
def test_published_rate_centers_land_in_their_town(place, v, h, lat, lon, source):
    got_lat, got_lon = vh_to_latlon(v, h)
    assert got_lat == pytest.approx(lat, abs=0.05)
    assert got_lon == pytest.approx(lon, abs=0.05)
    # and the town's coordinates come back within a few V&H units (1 unit ≈ 0.32 mile)
    got_v, got_h = latlon_to_vh(lat, lon)
    assert abs(got_v - v) < 10 and abs(got_h - h) < 10


def test_longitude_is_east_positive_unlike_the_c_inverse():
    _, lon = vh_to_latlon(5986, 3426)
    assert lon < 0  # vh2ll.c would say +87.64


# --- round trips ------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(lat=st.floats(25, 49), lon=st.floats(-125, -67))
def test_latlon_round_trip_over_the_continental_us(lat, lon):
    back_lat, back_lon = vh_to_latlon(*latlon_to_vh(lat, lon))
    assert back_lat == pytest.approx(lat, abs=1e-6)
    assert back_lon == pytest.approx(lon, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(v=st.floats(1000, 10000), h=st.floats(-1000, 9500))
def test_vh_round_trip_over_the_grid(v, h):
    assert latlon_to_vh(*vh_to_latlon(v, h)) == pytest.approx((v, h), abs=1e-4)


def test_round_trip_in_the_band_the_c_program_folds():
    # Beyond the eastern focus, a few hundred metres off the foci line: with the printed constants
    # e² − ht² < 0 there and vh2ll.c maps this point and one 0.008° away to the same V&H.
    lat, lon = 33.179647374372124, -68.76214753889364
    assert vh_to_latlon(*latlon_to_vh(lat, lon)) == pytest.approx((lat, lon), abs=1e-6)


def test_round_trip_on_the_foci_line():
    # Points on the line through both foci (vt = 0), where the closed-form inverse is singular.
    ht = np.linspace(-0.3, 0.7, 201)
    v, h = vh._plane_to_vh(ht, np.zeros_like(ht))
    lat, lon = vh_to_latlon_array(v, h)
    v2, h2 = latlon_to_vh_array(lat, lon)
    assert np.abs(v2 - v).max() < 1e-3 and np.abs(h2 - h).max() < 1e-3


# --- arrays and validation --------------------------------------------------------------------------


def test_array_versions_agree_with_scalar_versions_and_broadcast():
    lats = np.array([[41.878, 39.07824516], [36.1627, 25.0]])
    lons = np.array([[-87.630, -77.00127254], [-86.7816, -80.0]])
    v, h = latlon_to_vh_array(lats, lons)
    assert v.shape == (2, 2)
    for i in range(2):
        for j in range(2):
            assert (v[i, j], h[i, j]) == pytest.approx(latlon_to_vh(lats[i, j], lons[i, j]), abs=1e-9)
    lat, lon = vh_to_latlon_array(5986, [3426, 3427])
    assert lat.shape == (2,)
    assert (lat[0], lon[0]) == pytest.approx(vh_to_latlon(5986, 3426), abs=1e-12)


@pytest.mark.parametrize("bad", [(float("nan"), -87.0), (41.0, float("inf")), (95.0, -87.0)])
def test_bad_latlon_is_refused(bad):
    with pytest.raises(ValueError):
        latlon_to_vh(*bad)


def test_bad_vh_is_refused():
    with pytest.raises(ValueError, match="v must be a finite number"):
        vh_to_latlon(float("nan"), 3426)
