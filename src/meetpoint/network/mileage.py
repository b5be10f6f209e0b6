"""Airline mileage between two V&H points, by the tariff procedure or the plain formula.

Two methods are in use and an agreement must name its own (``shared/reference/formats.md`` §7):

``"tariff"``
    The AT&T Tariff F.C.C. No. 10 procedure, as restated in Verizon's service guide "Method of
    Calculation of Intercity Mileage":

    1. dV = |V1 − V2|, dH = |H1 − H2|.
    2. Divide each by 3 and round to the nearest integer (N = 1).
    3. While a² + b² > 1777, divide both by 3 again, rounding; N += 1.
    4. Multiply a² + b² by 9ᴺ/10.
    5. Take the square root and round **any** fraction up.
    6. For N = 2…6 the mileage is at least 41, 121, 361, 1081, 3241.

``"plain"``
    ⌈√((dV² + dH²)/10)⌉, as some contracts and NECA-based audits use. New York (4997, 1406) to
    Chicago (5986, 3426) is 711 miles by the tariff and 712 by this formula.

Decisions (where the source is silent):

- *Ties in steps 2-3 round half up* (3.5 → 4). With whole V&H units a tie cannot happen (a whole
  number divided by 3 ends in .0, .33… or .67…); it only matters for fractional V&H.
- *No minimum at N = 1*: the tariff's table starts at N = 2. Identical points are 0 miles.
- *N above 6 is refused*: the tariff gives no minimum there, and no pair of North American V&H
  points is that far apart (N = 7 means more than about 9,700 miles).

All arithmetic is exact (integers and fractions): "round any fraction up" must give exactly 10 for
a distance of exactly 10 miles, never 11 because of a floating-point residue. A float V&H is taken
at its shortest decimal form (``7.5`` is 15/2, ``0.1`` is 1/10).

Examples
--------
>>> airline_miles(4997, 1406, 5986, 3426)
711
>>> airline_miles(4997, 1406, 5986, 3426, method="plain")
712
>>> r = airline_mileage(4997, 1406, 5986, 3426)
>>> r.n, r.a, r.b, round(r.raw, 2)
(4, 12, 25, 710.31)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from numbers import Integral, Real
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "METHODS",
    "MileageResult",
    "airline_mileage",
    "airline_miles",
    "airline_miles_array",
]

Method = Literal["tariff", "plain"]
METHODS: tuple[str, ...] = ("tariff", "plain")

#: Step 3: reduce again while a² + b² exceeds this.
_REDUCTION_LIMIT = 1777
#: Step 6: minimum mileage by N. N = 1 has none; the table stops at N = 6.
_MINIMUM_BY_N = {2: 41, 3: 121, 4: 361, 5: 1081, 6: 3241}
_MAX_N = max(_MINIMUM_BY_N)


@dataclass(frozen=True)
class MileageResult:
    """An airline mileage and the steps that produced it, so a report can explain the figure.

    Attributes
    ----------
    miles : int
        The mileage.
    method : str
        ``"tariff"`` or ``"plain"``.
    n : int or None
        Tariff: how many times dV and dH were divided by 3. Plain: ``None``.
    a, b : int or float
        Tariff: the reduced dV and dH after the last division. Plain: dV and dH themselves.
    raw : float
        The square root before rounding up (tariff: √((a²+b²)·9ᴺ/10); plain: √((dV²+dH²)/10)).
    minimum : int or None
        The tariff minimum for this N (``None`` for N = 1 and for the plain formula).
    minimum_applied : bool
        True when the minimum, not the rounded root, is the mileage.
    """

    miles: int
    method: str
    n: int | None
    a: int | float
    b: int | float
    raw: float
    minimum: int | None = None
    minimum_applied: bool = False


def airline_mileage(
    v1: Real, h1: Real, v2: Real, h2: Real, method: Method = "tariff"
) -> MileageResult:
    """Airline mileage between two V&H points, with its intermediate steps.

    Parameters
    ----------
    v1, h1, v2, h2
        V&H coordinates (int, float, Decimal or Fraction).
    method : {"tariff", "plain"}
        The agreement's method; see the module docstring.

    Returns
    -------
    MileageResult

    Examples
    --------
    dV = 129: 129/3 = 43, and 43² > 1777, so again: 43/3 → 14 (N = 2); √(14² · 81/10) = 39.84,
    rounded up to 40, then raised to the N = 2 minimum of 41.

    >>> airline_mileage(5000, 5000, 5129, 5000)  # doctest: +ELLIPSIS
    MileageResult(miles=41, method='tariff', n=2, a=14, b=0, raw=39.84..., minimum=41, minimum_applied=True)
    """
    dv = abs(_exact(v1, "v1") - _exact(v2, "v2"))
    dh = abs(_exact(h1, "h1") - _exact(h2, "h2"))
    if method == "tariff":
        return _tariff(dv, dh)
    if method == "plain":
        return _plain(dv, dh)
    raise ValueError(f"unknown mileage method {method!r}; expected one of {', '.join(METHODS)}")


def airline_miles(v1: Real, h1: Real, v2: Real, h2: Real, method: Method = "tariff") -> int:
    """Airline miles between two V&H points (see :func:`airline_mileage` for the steps).

    Examples
    --------
    >>> airline_miles(4997, 1406, 4997, 1406)
    0
    """
    return airline_mileage(v1, h1, v2, h2, method).miles


# --- the two methods, exact ------------------------------------------------------------------------


def _tariff(dv: Fraction, dh: Fraction) -> MileageResult:
    """Steps 2-6 of the tariff procedure on exact |dV|, |dH|."""
    a, b, n = _round_half_up(dv / 3), _round_half_up(dh / 3), 1
    while a * a + b * b > _REDUCTION_LIMIT:
        a, b, n = _round_half_up(Fraction(a, 3)), _round_half_up(Fraction(b, 3)), n + 1
    if n > _MAX_N:
        raise ValueError(f"distance needs N = {n} reductions; the tariff's table stops at N = {_MAX_N}")
    squared = Fraction((a * a + b * b) * 9**n, 10)
    rounded_up = _ceil_sqrt(squared)
    minimum = _MINIMUM_BY_N.get(n)
    miles = max(rounded_up, minimum or 0)
    return MileageResult(miles, "tariff", n, a, b, math.sqrt(squared), minimum, miles > rounded_up)


def _plain(dv: Fraction, dh: Fraction) -> MileageResult:
    """⌈√((dV² + dH²)/10)⌉ on exact |dV|, |dH|."""
    squared = (dv * dv + dh * dh) / 10
    return MileageResult(_ceil_sqrt(squared), "plain", None, _number(dv), _number(dh), math.sqrt(squared))


def _round_half_up(x: Fraction) -> int:
    """Nearest integer to ``x ≥ 0``, ties up (decision: the tariff does not say)."""
    return math.floor(x + Fraction(1, 2))


def _ceil_sqrt(x: Fraction) -> int:
    """Smallest integer m ≥ 0 with m² ≥ x, exactly (m² ≥ x ⇔ m² ≥ ⌈x⌉ for integer m²)."""
    target = math.ceil(x)
    m = math.isqrt(target)
    return m if m * m == target else m + 1


def _exact(x: object, name: str) -> Fraction:
    """A V&H coordinate as an exact fraction; floats at their shortest decimal form."""
    if isinstance(x, bool) or not isinstance(x, (Real, Decimal)):
        raise TypeError(f"{name} must be a number, not {type(x).__name__}")
    if isinstance(x, Integral):
        return Fraction(int(x))
    if isinstance(x, (Fraction, Decimal)):
        value = Fraction(x)
    else:
        f = float(x)
        if not math.isfinite(f):
            raise ValueError(f"{name} must be finite, got {f}")
        value = Fraction(Decimal(repr(f)))
    return value


def _number(x: Fraction) -> int | float:
    """An exact value as an int when whole, else a float (for reports and JSON)."""
    return int(x) if x.denominator == 1 else float(x)


# --- vectorised ----------------------------------------------------------------------------------


def airline_miles_array(
    v1: ArrayLike, h1: ArrayLike, v2: ArrayLike, h2: ArrayLike, method: Method = "tariff"
) -> NDArray[np.int64]:
    """Airline miles for arrays of whole-unit V&H pairs, exact, without a Python loop per pair.

    Same procedure and decisions as :func:`airline_miles`. Takes whole V&H units only (as the LERG
    publishes them); use :func:`airline_miles` for fractional coordinates.

    Examples
    --------
    >>> airline_miles_array([4997, 4997], [1406, 1406], [5986, 4997], [3426, 1406]).tolist()
    [711, 0]
    >>> airline_miles_array([4997], [1406], [5986], [3426], method="plain").tolist()
    [712]
    """
    coords = np.broadcast_arrays(*(np.asarray(c) for c in (v1, h1, v2, h2)))
    v1_i, h1_i, v2_i, h2_i = (_whole_units(c, name) for c, name in zip(coords, ("v1", "h1", "v2", "h2")))
    dv, dh = np.abs(v1_i - v2_i), np.abs(h1_i - h2_i)
    if method == "tariff":
        return _tariff_array(dv, dh)
    if method == "plain":
        return _ceil_sqrt_of_tenth(dv * dv + dh * dh)
    raise ValueError(f"unknown mileage method {method!r}; expected one of {', '.join(METHODS)}")


def _tariff_array(dv: NDArray[np.int64], dh: NDArray[np.int64]) -> NDArray[np.int64]:
    a, b = _third_half_up(dv), _third_half_up(dh)
    n = np.ones_like(a)
    again = a * a + b * b > _REDUCTION_LIMIT
    while again.any():
        a = np.where(again, _third_half_up(a), a)
        b = np.where(again, _third_half_up(b), b)
        n = n + again
        again = a * a + b * b > _REDUCTION_LIMIT
    if (n > _MAX_N).any():
        raise ValueError(f"a distance needs more than N = {_MAX_N} reductions; the tariff's table stops there")
    minimums = np.array([0, 0] + [_MINIMUM_BY_N[k] for k in range(2, _MAX_N + 1)], dtype=np.int64)
    miles = _ceil_sqrt_of_tenth((a * a + b * b) * np.power(9, n))
    return np.maximum(miles, minimums[n])


def _third_half_up(d: NDArray[np.int64]) -> NDArray[np.int64]:
    """round-half-up(d / 3) for whole d ≥ 0: ⌊d/3 + 1/2⌋ = ⌊(2d + 3)/6⌋."""
    return (2 * d + 3) // 6


def _ceil_sqrt_of_tenth(p: NDArray[np.int64]) -> NDArray[np.int64]:
    """⌈√(p/10)⌉ exactly for whole p ≥ 0 (float sqrt as a guess, corrected in integers)."""
    target = -(-p // 10)
    m = np.floor(np.sqrt(target.astype(np.float64))).astype(np.int64)
    m = np.where(m * m > target, m - 1, m)
    return np.where(m * m < target, m + 1, m)


def _whole_units(x: NDArray, name: str) -> NDArray[np.int64]:
    if np.issubdtype(x.dtype, np.integer):
        return x.astype(np.int64)
    as_float = x.astype(np.float64)
    if not np.all(np.isfinite(as_float)) or np.any(as_float != np.round(as_float)):
        raise ValueError(f"{name}: airline_miles_array takes whole V&H units; use airline_miles for fractions")
    return as_float.astype(np.int64)
