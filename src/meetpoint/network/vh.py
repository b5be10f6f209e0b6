"""Latitude/longitude <-> V&H coordinates (the AT&T/Bellcore Donald projection).

V&H ("vertical and horizontal") coordinates locate rate centers and wire centers in the LERG; the
airline mileage between two of them (:mod:`meetpoint.network.mileage`) prices transport and channel
mileage. This module converts between V&H and geographic coordinates.

The projection (``shared/reference/formats.md`` §7): J. K. Donald's two-point equidistant
("doubly equidistant") projection, AT&T 1956-57. The foci are 37°42′14.69″N 82°39′15.27″W (Floyd
Co., Ky.) and 41°02′55.53″N 112°03′39.35″W (Utah), 0.4 radians apart. Latitude is first mapped
from the ellipsoid to a sphere by an odd polynomial (K1-K5 forward, bi[0-6] inverse) and longitude
shifted 52°; the arc distances e and w to the foci are then laid out on a plane, scaled down 0.3 %
(radius 12481.103 in √0.1-mile units), rotated by 76.597497064° and translated by V+6363.235,
H+2250.7.

Provenance of the constants: ``vh2ll.c`` / ``ll_to_vh`` (a Bellcore program passed on by NECA,
cleaned up by Tom Libert; inverse by G. L. Sicherman after E. K. Grimmelmann, "V-H Coordinate
Rediscovered", Bell Labs TM, 1980), as published in CPAN Geo::Coordinates::VandH::XS (``XS.xs``,
J. Freeman), OpenMap ``VHTransform.java`` and PyPI ``vhpy``; all three carry the same constants.
The code here is written afresh from the method those sources describe.

Sign convention: longitudes are **east-positive** in and out (Chicago is ``-87.63``). The C
inverse returns west-positive longitude; :func:`vh_to_latlon` does not.

Where this module departs from the C program, and why:

- *Consistent foci.* The printed 8-digit focus vectors are not quite unit length and not quite
  0.4 rad apart. Beyond either focus, within about a kilometre of the foci line, that breaks the
  triangle inequality and the C ``fabs`` folds two places onto one V&H. Here the foci are
  renormalised and their actual arc (0.4000000007 rad) is used, so the map is one-to-one.
  V&H values move by a median 4e-4 units; near the foci line (where V is a square root of a
  small difference) by up to about 1 unit, the ±1 unit by which Telcordia says published
  sources differ.
- *An inverse that inverts.* The published inverse is closed-form, but its bi polynomial misses
  the inverse of K1-K5 by up to ~3.5e-6° of latitude, and it snaps points near the foci line onto
  it (``|disc| < 1e-7``: up to 0.15° off in a sample over the continental US, and its own round
  trip then misses by tens of V&H units). Here that
  closed form is only the first guess; three Newton steps on the forward map then make
  :func:`vh_to_latlon` undo :func:`latlon_to_vh` to about 1e-9° (1e-6° within a metre of the
  foci line, where the geometry is square-root singular).

Examples
--------
>>> v, h = latlon_to_vh(41.878, -87.630)          # Chicago, the Loop
>>> round(v, 1), round(h, 1)
(5986.6, 3424.7)
>>> lat, lon = vh_to_latlon(v, h)
>>> round(lat, 6), round(lon, 6)
(41.878, -87.63)
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["latlon_to_vh", "latlon_to_vh_array", "vh_to_latlon", "vh_to_latlon_array"]

# --- constants (formats.md §7; values as printed in vh2ll.c / XS.xs) -------------------------------

#: Forward sphere latitude polynomial, odd in latitude: lat1 = lat*(K1 + K2 lat² + ... + K5 lat⁸).
_K = (0.99435487, 0.00336523, -0.00065596, 0.00005606, -0.00000188)
#: Inverse polynomial (sphere -> ellipsoid), odd: lat = s*(b0 + b1 s² + ... + b6 s¹²).
_BI = (
    1.00567724920722457,
    -0.00344230425560210245,
    0.000713971534527667990,
    -0.0000777240053499279217,
    0.00000673180367053244284,
    -0.000000742595338885741395,
    0.0000000905058919926194134,
)
#: The eastern and western foci as printed in the source (8 digits; norms 1 ± 5e-9).
_E_PRINTED = np.array([0.40426992, 0.68210848, 0.60933887])
_W_PRINTED = np.array([0.65517646, 0.37733790, 0.65449210])
#: Pole of the foci great circle as printed; its sign says on which side of that circle a point is.
_P_PRINTED = np.array([-0.555977821730048699, -0.345728488161089920, 0.755883902605524030])
#: Arc between the foci as the source states it ("just 0.4 radians apart").
_FOCI_ARC_PRINTED = 0.4

# Decision: compute with the foci renormalised and their actual arc (0.4000000007 rad) instead of
# the printed vectors and 0.4. The printed values are slightly inconsistent: beyond either focus,
# within about a kilometre of the foci line, they violate the triangle inequality, e² − ht² goes
# negative and the C program's ``fabs`` folds two points onto one V&H. Consistent constants keep
# the map one-to-one; V&H values move by at most 6e-4 units (LERG rounds to whole units).
_E = _E_PRINTED / np.linalg.norm(_E_PRINTED)
_W = _W_PRINTED / np.linalg.norm(_W_PRINTED)
_P = np.cross(_W, _E) / np.linalg.norm(np.cross(_W, _E))
_FOCI_ARC = float(np.arctan2(np.linalg.norm(np.cross(_E, _W)), _E @ _W))
_ROTATION_DEG = 76.597497064
_ROTC = math.cos(math.radians(_ROTATION_DEG))
_ROTS = math.sin(math.radians(_ROTATION_DEG))
_TRANS_V = 6363.235
_TRANS_H = 2250.700
#: Earth radius in √0.1-mile units, minus 0.3 percent.
_RADIUS = 12481.103
_LON_SHIFT_DEG = 52.0

# Quantities of the inverse's quadratic, derived from the foci (the C source prints them to 18
# digits; tests check the derivation against those printed values). Mind: the C comment reads
# "GX = ExWz - EzWx; GY = EyWz - EzWy" but its printed values are the other way round, and it is
# the values that pair correctly with fx (the y terms) and fy (the x terms) below.
_GX = _E[1] * _W[2] - _E[2] * _W[1]
_GY = _E[0] * _W[2] - _E[2] * _W[0]
_Q = _E[0] * _W[1] - _E[1] * _W[0]
_A = _GX**2 + _GY**2 + _Q**2

_NEWTON_STEPS = 3
_JACOBIAN_STEP_DEG = 1e-5

FloatArray = NDArray[np.float64]


# --- forward: lat/lon -> V&H ------------------------------------------------------------------------


def _odd_poly(x: FloatArray, coefs: tuple[float, ...]) -> FloatArray:
    """``x * (c0 + c1 x² + c2 x⁴ + ...)`` by Horner's rule."""
    x2 = x * x
    acc = np.full_like(x, coefs[-1])
    for c in reversed(coefs[:-1]):
        acc = c + acc * x2
    return x * acc


def _arc_to(points: FloatArray, focus: FloatArray) -> FloatArray:
    """Great-circle arc (radians) from each unit vector in ``points`` (…, 3) to ``focus``.

    ``atan2(|p×f|, p·f)`` rather than the source's ``acos(p·f)``: accurate near the focus too.
    """
    cross = np.cross(points, focus)
    return np.arctan2(np.linalg.norm(cross, axis=-1), points @ focus)


def _forward(lat_deg: FloatArray, lon_deg: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The projection itself, on arrays of degrees (east-positive longitude)."""
    lat_sphere = _odd_poly(np.radians(lat_deg), _K)
    lon1 = np.radians(lon_deg + _LON_SHIFT_DEG)
    cos_lat = np.cos(lat_sphere)
    points = np.stack([-cos_lat * np.sin(lon1), cos_lat * np.cos(lon1), np.sin(lat_sphere)], axis=-1)
    e = _arc_to(points, _E)
    w = _arc_to(points, _W)
    return _plane_to_vh(*_plane_coordinates(e, w, side=points @ _P))


def _plane_coordinates(e: FloatArray, w: FloatArray, side: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Lay the arcs out on the plane: ``(ht, vt)`` at distance e from the eastern focus (origin)
    and w from the western focus at ``(d, 0)``; ``vt`` takes the sign of ``side``.

    The source computes ``vt = sqrt(|e² − ht²|)``; the same quantity is written here as Heron's
    product of the triangle's slacks, which keeps its precision near the foci line.
    """
    d = _FOCI_ARC
    ht = (e * e - w * w + d * d) / (2 * d)
    vt2 = (w - e + d) * (w + e - d) * (e - w + d) * (e + w + d) / (4 * d * d)
    vt = np.sqrt(np.maximum(vt2, 0.0))
    return ht, np.where(side < 0, -vt, vt)


def _plane_to_vh(ht: FloatArray, vt: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Scale (radius), rotate and translate plane coordinates into V&H."""
    v = _TRANS_V + _RADIUS * (_ROTC * ht - _ROTS * vt)
    h = _TRANS_H + _RADIUS * (_ROTS * ht + _ROTC * vt)
    return v, h


# --- inverse: V&H -> lat/lon ------------------------------------------------------------------------


def _closed_form_inverse(v: FloatArray, h: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Grimmelmann/Sicherman closed-form inverse (formats.md §7), east-positive; a first guess."""
    t1 = (v - _TRANS_V) / _RADIUS
    t2 = (h - _TRANS_H) / _RADIUS
    vhat = _ROTC * t2 - _ROTS * t1
    hhat = _ROTS * t2 + _ROTC * t1
    cos_e = np.cos(np.hypot(vhat, hhat))
    cos_w = np.cos(np.hypot(vhat, hhat - _FOCI_ARC))
    # The point p satisfies E·p = cos_e and W·p = cos_w; z solves a quadratic, x and y are linear.
    fx = _E[1] * cos_w - _W[1] * cos_e
    fy = _E[0] * cos_w - _W[0] * cos_e
    b = fx * _GX + fy * _GY
    c = fx * fx + fy * fy - _Q**2
    delta = np.sqrt(np.maximum(b * b - _A * c, 0.0))

    def solve(z: FloatArray) -> FloatArray:
        return np.stack([(_GX * z - fx) / _Q, (fy - _GY * z) / _Q, z], axis=-1)

    plus, minus = solve((b + delta) / _A), solve((b - delta) / _A)
    wrong_side = vhat * (plus @ _P) < 0
    x, y, z = np.moveaxis(np.where(wrong_side[..., None], minus, plus), -1, 0)
    lat = np.degrees(_odd_poly(np.arcsin(np.clip(z, -1.0, 1.0)), _BI))
    lon = -(np.degrees(np.arctan2(x, y)) + _LON_SHIFT_DEG)  # the C result is west-positive
    return lat, _wrap_lon(lon)


def _wrap_lon(lon: FloatArray) -> FloatArray:
    """Longitude into [-180, 180)."""
    return (lon + 180.0) % 360.0 - 180.0


def _newton_step(
    v: FloatArray, h: FloatArray, lat: FloatArray, lon: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """One Newton step on ``_forward(lat, lon) = (v, h)`` with a finite-difference Jacobian."""
    step = _JACOBIAN_STEP_DEG
    v0, h0 = _forward(lat, lon)
    v_lat, h_lat = _forward(lat + step, lon)
    v_lon, h_lon = _forward(lat, lon + step)
    j11, j21 = (v_lat - v0) / step, (h_lat - h0) / step
    j12, j22 = (v_lon - v0) / step, (h_lon - h0) / step
    dv, dh = v - v0, h - h0
    det = j11 * j22 - j12 * j21
    return lat + (j22 * dv - j12 * dh) / det, lon + (j11 * dh - j21 * dv) / det


# --- public API -------------------------------------------------------------------------------------


def latlon_to_vh_array(lat: ArrayLike, lon: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Convert arrays of latitude/longitude (degrees, east-positive) to V&H.

    Parameters
    ----------
    lat, lon
        Degrees; longitude east-positive (west of Greenwich is negative). Broadcast together.

    Returns
    -------
    tuple of numpy.ndarray
        ``(v, h)`` as floats; LERG publishes them rounded to integers.

    Examples
    --------
    >>> v, h = latlon_to_vh_array([41.878, 39.07824516], [-87.630, -77.00127254])
    >>> v.round(2).tolist(), h.round(2).tolist()
    ([5986.65, 5587.0], [3424.7, 1601.0])
    """
    lat_a, lon_a = np.broadcast_arrays(np.asarray(lat, dtype=float), np.asarray(lon, dtype=float))
    _check_finite(lat_a, lon_a, names=("lat", "lon"))
    if np.any(np.abs(lat_a) > 90):
        raise ValueError("latitude must be within [-90, 90] degrees")
    return _forward(lat_a, lon_a)


def vh_to_latlon_array(v: ArrayLike, h: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Convert arrays of V&H coordinates to latitude/longitude (degrees, east-positive).

    The closed-form inverse of formats.md §7 gives a first guess; Newton steps on the forward map
    then refine it so that ``latlon_to_vh_array`` of the result gives back ``(v, h)``.

    Parameters
    ----------
    v, h
        V&H coordinates (numbers or arrays, broadcast together).

    Returns
    -------
    tuple of numpy.ndarray
        ``(lat, lon)`` in degrees; longitude east-positive in [-180, 180).

    Examples
    --------
    >>> lat, lon = vh_to_latlon_array([5587, 5986], [1601, 3426])
    >>> lat.round(4).tolist(), lon.round(4).tolist()
    ([39.0782, 41.8835], [-77.0013, -87.6352])
    """
    v_a, h_a = np.broadcast_arrays(np.asarray(v, dtype=float), np.asarray(h, dtype=float))
    _check_finite(v_a, h_a, names=("v", "h"))
    lat, lon = _closed_form_inverse(v_a, h_a)
    for _ in range(_NEWTON_STEPS):
        lat, lon = _newton_step(v_a, h_a, lat, lon)
    return lat, _wrap_lon(lon)


def latlon_to_vh(lat: float, lon: float) -> tuple[float, float]:
    """Convert one latitude/longitude (degrees, east-positive longitude) to V&H.

    Parameters
    ----------
    lat : float
        Degrees north.
    lon : float
        Degrees **east** (Chicago is ``-87.63``).

    Returns
    -------
    tuple of float
        ``(v, h)``, unrounded.

    Examples
    --------
    >>> v, h = latlon_to_vh(39.07824516, -77.00127254)   # the XS.xs test point, (5587, 1601)
    >>> round(v, 2), round(h, 2)
    (5587.0, 1601.0)
    """
    v, h = latlon_to_vh_array(lat, lon)
    return float(v), float(h)


def vh_to_latlon(v: float, h: float) -> tuple[float, float]:
    """Convert one V&H pair to latitude/longitude (degrees, east-positive longitude).

    Parameters
    ----------
    v, h : float
        V&H coordinates.

    Returns
    -------
    tuple of float
        ``(lat, lon)``; ``lon`` is negative in North America (unlike the C ``vh2ll``).

    Examples
    --------
    >>> lat, lon = vh_to_latlon(4997, 1406)    # New York rate center
    >>> round(lat, 2), round(lon, 2)
    (40.74, -73.99)
    """
    lat, lon = vh_to_latlon_array(v, h)
    return float(lat), float(lon)


def _check_finite(a: FloatArray, b: FloatArray, names: tuple[str, str]) -> None:
    for arr, name in zip((a, b), names):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must be a finite number")
