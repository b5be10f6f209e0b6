"""Synthetic traffic for the demo network: a seeded, vectorized generator of a year of calls.

ILLUSTRATIVE DATA. The plan lives in ``demo/scenario.yaml``: the flows (one direction between
two switches, a route, a profile, a mix of call kinds, a monthly volume curve) and the expectations
(which switch pair crosses which seed threshold in which month). Calls come out in the canonical
CDR schema (DESIGN.md, ``meetpoint.traffic.schema.CANONICAL_COLUMNS``).

How a day is made (one NumPy random generator per day, seeded by ``(seed, date)``, so the calls are
the same however the year is cut into chunks):

- each flow's expected calls for the day: its month's volume (MOU, or busy-hour Erlangs turned into
  calls through the profile's expected carried load), times the weekday/Saturday/Sunday factor,
  times ``scale`` for background flows;
- calls per (flow, local hour, kind) are Poisson; the answer time is uniform within the hour at a
  tenth of a second; the holding time is exponential with the kind's mean (ISP sessions longer), in
  tenths of a second, at least one tenth; calls run over hour, day and month boundaries freely;
- numbers come from the numbering, VNXX, ISP and port tables in force that day (a port sets
  ``term_lrn``); a calling VNXX or located number sets ``orig_location``; CMRS switches set ``cmrs``;
- then ``malformed_share`` of the rows are spoiled, evenly over :data:`MALFORMED_KINDS`, each in a way
  the ingester quarantines.

Nothing loops per call: a Python loop runs per day (and per flow only while planning).

>>> t = generate_calls(months=1, scale=0.01, only=("ashland-to-socket",))
>>> t.column_names[:4], t.num_rows > 0
(['call_id', 'orig_tn', 'term_tn', 'term_lrn'], True)
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from meetpoint.errors import ReferenceDataError
from meetpoint.traffic.schema import CANONICAL_COLUMNS

__all__ = [
    "KINDS",
    "MALFORMED_KINDS",
    "NETWORK",
    "SCENARIO",
    "Expectation",
    "Flow",
    "Profile",
    "Scenario",
    "expected_calls",
    "generate_calls",
    "iter_calls",
    "load_scenario",
    "write_calls",
]

#: The shipped plan and network.
SCENARIO = Path(__file__).with_name("scenario.yaml")
NETWORK = Path(__file__).with_name("network")

#: Call kinds, in the order the generator draws them (what the terminating number is).
KINDS: tuple[str, ...] = ("voice", "vnxx", "isp", "ported")
#: How malformed rows are spoiled (each maps to a quarantine reason of meetpoint.traffic.schema).
MALFORMED_KINDS: tuple[str, ...] = (
    "bad_number",                # calling number cut to 9 digits
    "disconnect_before_answer",  # the two times swapped
    "duration_mismatch",         # duration_ds one minute longer than the timestamps say
    "bad_time",                  # text: hour 25; timestamp columns: answer_ts null (quarantined unanswered)
    "duplicate",                 # an exact copy of another row of the same day
    "unknown_block",             # dialed NPA-NXX assigned to nobody
)

_US = 1_000_000
_DS_US = 100_000  # microseconds per tenth of a second
_DS_PER_HOUR = 36_000


# --- the plan ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """Arrival weights by local hour (sum 1) and the weekend day factors."""

    name: str
    hours: np.ndarray
    saturday: float
    sunday: float

    def day_factor(self, weekday: np.ndarray) -> np.ndarray:
        """Volume factor per day from ISO weekday numbers (Monday = 0)."""
        return np.where(weekday == 5, self.saturday, np.where(weekday == 6, self.sunday, 1.0))


@dataclass(frozen=True)
class Flow:
    """One direction of traffic between two switches (a ``flows`` entry of the scenario)."""

    id: str
    orig: str
    term: str
    via: str | None
    profile: str
    mix: Mapping[str, float]
    hold: Mapping[str, float]
    numbers: Mapping[str, tuple[str, ...]]
    fixed: bool
    mou: tuple[float, ...] | None = None
    busy_hour_erlangs: tuple[float, ...] | None = None
    growth: float = 0.0

    def curve(self, months: int) -> np.ndarray:
        """The declared volume (MOU or busy-hour Erlangs) for months 1..``months``."""
        values = self.mou if self.mou is not None else self.busy_hour_erlangs
        assert values is not None
        out = np.array([values[min(m, len(values) - 1)] for m in range(months)], dtype=float)
        return out * (1.0 + self.growth) ** np.arange(months)

    @property
    def mean_hold_s(self) -> float:
        return sum(share * self.hold[k] for k, share in self.mix.items())


@dataclass(frozen=True)
class Expectation:
    """A declared crossing: the months a pair's metric is at or above a threshold."""

    pair: tuple[str, str]
    rule: str
    cite: str
    metric: str  # "mou" or "trunks"
    direction: str  # "both" or "a_to_b"
    at_least: float
    consecutive: int
    months: tuple[int, ...]
    met_at: int | None
    gos: float | None = None


@dataclass(frozen=True)
class Scenario:
    """The parsed ``scenario.yaml``."""

    start: dt.date
    timezone: str
    seed: int
    profiles: Mapping[str, Profile]
    flows: tuple[Flow, ...]
    expectations: tuple[Expectation, ...]
    path: str = ""

    def flow(self, flow_id: str) -> Flow:
        return next(f for f in self.flows if f.id == flow_id)


def _month(text: Any) -> dt.date:
    if isinstance(text, dt.date):
        return text.replace(day=1)
    year, month = str(text).split("-")[:2]
    return dt.date(int(year), int(month), 1)


def _curve(value: Any) -> tuple[float, ...]:
    return tuple(float(v) for v in (value if isinstance(value, list) else [value]))


def load_scenario(path: str | Path = SCENARIO) -> Scenario:
    """Read and check a scenario file (ReferenceDataError naming the entry and field)."""
    path = Path(path)
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))

    def bad(where: str, why: str) -> ReferenceDataError:
        return ReferenceDataError(str(path), None, where, why)

    kinds = {k: float(v) for k, v in doc["kinds"].items()}
    if set(kinds) != set(KINDS):
        raise bad("kinds", f"expected exactly {', '.join(KINDS)}")
    profiles = {}
    for name, p in doc["profiles"].items():
        hours = np.asarray(p["hours"], dtype=float)
        if hours.shape != (24,) or (hours < 0).any() or hours.sum() <= 0:
            raise bad(f"profiles.{name}.hours", "need 24 non-negative weights")
        profiles[name] = Profile(name, hours / hours.sum(), float(p["saturday"]), float(p["sunday"]))
    flows = []
    for i, f in enumerate(doc["flows"]):
        where = f"flows[{i}]"
        mix = {k: float(v) for k, v in f["mix"].items()}
        if not set(mix) <= set(KINDS) or abs(sum(mix.values()) - 1.0) > 1e-9:
            raise bad(f"{where}.mix", f"kinds of {', '.join(KINDS)} with shares summing to 1")
        if f["profile"] not in profiles:
            raise bad(f"{where}.profile", f"unknown profile {f['profile']!r}")
        if ("mou" in f) == ("busy_hour_erlangs" in f):
            raise bad(where, "give exactly one of mou and busy_hour_erlangs")
        hold = {**kinds, **{k: float(v) for k, v in (f.get("hold") or {}).items()}}
        numbers = {k: tuple(str(n) for n in v) for k, v in (f.get("numbers") or {}).items()}
        flows.append(
            Flow(
                id=str(f["id"]), orig=f["from"], term=f["to"], via=f.get("via"), profile=f["profile"],
                mix=mix, hold=hold, numbers=numbers, fixed=bool(f.get("fixed", False)),
                mou=_curve(f["mou"]) if "mou" in f else None,
                busy_hour_erlangs=_curve(f["busy_hour_erlangs"]) if "busy_hour_erlangs" in f else None,
                growth=float(f.get("growth", 0.0)),
            )
        )
    if len({f.id for f in flows}) != len(flows):
        raise bad("flows", "flow ids must be unique")
    expectations = tuple(
        Expectation(
            pair=(e["pair"][0], e["pair"][1]), rule=e["rule"], cite=e["cite"], metric=e["metric"],
            direction=e["direction"], at_least=float(e["at_least"]), consecutive=int(e["consecutive"]),
            months=tuple(e["months"]), met_at=e.get("met_at"), gos=e.get("gos"),
        )
        for e in doc.get("expectations") or ()
    )
    return Scenario(
        start=_month(doc["start"]), timezone=doc["timezone"], seed=int(doc["seed"]), profiles=profiles,
        flows=tuple(flows), expectations=expectations, path=str(path),
    )


# --- the network: who serves which number on a day ------------------------------------------------


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit() or ch in "Xx")


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _read(path: Path, name: str) -> list[dict[str, str]]:
    with (path / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@dataclass
class _Network:
    """The demo network's numbering, read from its CSV folder (small; plain Python)."""

    switch_owner: dict[str, str]
    carrier_kind: dict[str, str]
    carrier_ocn: dict[str, str]
    numbering: list[tuple[int, int | None, str, dt.date | None]]  # (npanxx, block digit, switch, effective)
    ports: list[tuple[int, int | None, dt.date | None]]  # (tn, lrn or None, effective)
    vnxx: list[tuple[str, str, dt.date | None]]  # (pattern digits, physical rc, effective)
    locations: dict[int, tuple[str, bool]]  # tn -> (physical rc, is_isp)

    @classmethod
    def load(cls, path: Path) -> "_Network":
        carriers = _read(path, "carriers")
        numbering = [
            (int(_digits(r["npa_nxx"])), int(r["block"]) if r["block"] else None, r["switch"], _date(r["effective"]))
            for r in _read(path, "numbering")
        ]
        ports = [
            (int(_digits(r["tn"])), int(_digits(r["lrn"])) if r["lrn"] else None, _date(r["effective"]))
            for r in _read(path, "ports")
        ]
        vnxx = [(_digits(r["tn_or_block"]).upper(), r["physical_rate_center"], _date(r["effective"]))
                for r in _read(path, "vnxx")]
        locations = {int(_digits(r["tn"])): (r["physical_rate_center"], r["is_isp"].strip().lower() == "true")
                     for r in _read(path, "locations")}
        return cls(
            switch_owner={r["clli"]: r["owner"] for r in _read(path, "switches")},
            carrier_kind={r["id"]: r["kind"] for r in carriers},
            carrier_ocn={r["id"]: r["ocn"] for r in carriers},
            numbering=numbering, ports=ports, vnxx=vnxx, locations=locations,
        )

    def change_dates(self) -> list[dt.date]:
        dates = {r[3] for r in self.numbering} | {r[2] for r in self.ports} | {r[2] for r in self.vnxx}
        return sorted(d for d in dates if d is not None)

    def blocks(self, day: dt.date) -> dict[int, str]:
        """Thousands block (NPA-NXX-X as a 7-digit int) -> serving switch on ``day``."""
        out: dict[int, tuple[int, dt.date, str]] = {}
        for npanxx, digit, switch, eff in self.numbering:
            if eff is not None and eff > day:
                continue
            rank = (1 if digit is not None else 0, eff or dt.date.min)
            for d in ([digit] if digit is not None else range(10)):
                key = npanxx * 10 + d
                if key not in out or rank >= out[key][:2]:
                    out[key] = (*rank, switch)  # type: ignore[assignment]
        return {k: v[2] for k, v in out.items()}

    def ported(self, day: dt.date) -> dict[int, int]:
        """TN -> LRN of every number ported on ``day`` (a later row without LRN is a port-back)."""
        latest: dict[int, tuple[dt.date, int | None]] = {}
        for tn, lrn, eff in self.ports:
            e = eff or dt.date.min
            if e <= day and (tn not in latest or e >= latest[tn][0]):
                latest[tn] = (e, lrn)
        return {tn: lrn for tn, (_, lrn) in latest.items() if lrn is not None}

    def special_tns(self) -> np.ndarray:
        """Numbers with a role of their own (ported, located, single VNXX): never an ordinary pick."""
        tns = {tn for tn, _, _ in self.ports} | set(self.locations) | {int(p) for p, _, _ in self.vnxx if "X" not in p}
        return np.array(sorted(tns), dtype=np.int64)

    def used_nxx(self) -> set[int]:
        return {r[0] for r in self.numbering}


@dataclass
class _Pools:
    """Number ranges for one stretch of days with the same numbering: pool id -> ranges."""

    start: np.ndarray  # first number of each range
    count: np.ndarray  # numbers in each range
    lrn: np.ndarray  # LRN of a ported single number, else 0
    offset: np.ndarray  # pool id -> first range
    size: np.ndarray  # pool id -> ranges in the pool


def _pattern_range(pattern: str) -> tuple[int, int]:
    """``4174682XXX`` -> (4174682000, 1000); a plain TN -> (tn, 1)."""
    xs = pattern.count("X")
    return int(pattern.replace("X", "0")), 10**xs


# --- timing ---------------------------------------------------------------------------------------


def _carried_per_call(hours: np.ndarray, mix: Mapping[str, float], hold: Mapping[str, float]) -> np.ndarray:
    """Expected carried Erlangs in each local hour for one call a day arriving by ``hours``.

    A periodic day in minutes: arrivals by the profile, uniform within each minute; each kind's
    exponential holding time (mean ``m`` minutes) gives a call arriving in minute 0 a mean occupancy
    of ``m - m²(1 - e^(-1/m))`` in minute 0 and ``m²(e^(1/m) - 1)(1 - e^(-1/m)) e^(-t/m)`` in
    minute ``t ≥ 1`` (these sum to ``m``); the convolution is averaged over each hour.
    """
    arrivals = np.repeat(hours / 60.0, 60)  # calls per minute
    load = np.zeros(1440)
    t = np.arange(1440 * 8)
    for kind, share in mix.items():
        m = hold[kind] / 60.0
        kernel = m * m * np.expm1(1 / m) * -np.expm1(-1 / m) * np.exp(-t / m)
        kernel[0] = m + m * m * np.expm1(-1 / m)
        kernel = kernel.reshape(8, 1440).sum(axis=0)
        load += share * np.real(np.fft.ifft(np.fft.fft(arrivals) * np.fft.fft(kernel)))
    return load.reshape(24, 60).mean(axis=1)


@dataclass
class _Plan:
    """Everything per day the generator needs, computed once."""

    scenario: Scenario
    network: _Network
    days: list[dt.date]
    month_index: np.ndarray  # per day
    expected: np.ndarray  # (flows, days) expected calls
    weights: np.ndarray  # (flows, 24) hour weights
    shares: np.ndarray  # (flows, kinds)
    hold_ds: np.ndarray  # (flows, kinds) mean holding time in tenths
    midnight_us: np.ndarray  # UTC microseconds of each day's local midnight
    tz_change_us: np.ndarray
    tz_offset_us: np.ndarray
    unused_nxx: np.ndarray  # NPA -> an NXX nobody has (for unknown_block)
    flows: list[Flow] = field(default_factory=list)
    special: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    strings: dict[str, pa.Array] = field(default_factory=dict)
    places: tuple[Any, ...] = ()
    pools_cache: dict[int, tuple[_Pools, np.ndarray]] = field(default_factory=dict)
    epochs: list[dt.date] = field(default_factory=list)


def _tz_changes(tz: str, first: dt.date, last: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """UTC instants (µs) where the zone's offset changes, and the offset (µs) from each."""
    zone = ZoneInfo(tz)
    t0 = dt.datetime.combine(first - dt.timedelta(days=2), dt.time(), dt.timezone.utc)
    hours = int((last - first).days + 4) * 24
    changes, offsets, prev = [], [], None
    for h in range(hours):
        t = t0 + dt.timedelta(hours=h)
        off = t.astimezone(zone).utcoffset()
        if off != prev:
            changes.append(int(t.timestamp()) * _US)
            offsets.append(int(off.total_seconds()) * _US)  # type: ignore[union-attr]
            prev = off
    return np.array(changes, dtype=np.int64), np.array(offsets, dtype=np.int64)


def _plan(scenario: Scenario, network: _Network, start: dt.date, months: int, scale: float,
          only: Sequence[str] | None) -> _Plan:
    if start.day != 1:
        raise ValueError(f"start must be the first day of a month, not {start}")
    flows = [f for f in scenario.flows if only is None or f.id in only]
    if only is not None and len(flows) != len(set(only)):
        raise ValueError(f"unknown flow id(s): {sorted(set(only) - {f.id for f in flows})}")
    for f in flows:
        for sw in (f.orig, f.term) + ((f.via,) if f.via else ()):
            if sw not in network.switch_owner:
                raise ReferenceDataError(scenario.path, None, f"flows.{f.id}", f"switch {sw} is not in the network")
    end_year, end_month = divmod(start.month - 1 + months, 12)
    end = dt.date(start.year + end_year, end_month + 1, 1)
    days = [start + dt.timedelta(days=i) for i in range((end - start).days)]
    month_index = np.array([(d.year - start.year) * 12 + d.month - start.month for d in days])
    weekday = np.array([d.weekday() for d in days])
    zone = ZoneInfo(scenario.timezone)
    midnight = np.array(
        [int(dt.datetime.combine(d, dt.time(), zone).timestamp()) * _US for d in days], dtype=np.int64
    )
    expected = np.zeros((len(flows), len(days)))
    for i, f in enumerate(flows):
        prof = scenario.profiles[f.profile]
        factor = prof.day_factor(weekday)
        curve = f.curve(months)
        if f.mou is not None:
            per_month = np.bincount(month_index, weights=factor, minlength=months)
            base = curve * 60.0 / (f.mean_hold_s * per_month)
        else:
            base = curve / _carried_per_call(prof.hours, f.mix, f.hold).max()
        expected[i] = base[month_index] * factor * (1.0 if f.fixed else scale)
    used = network.used_nxx()
    unused = np.zeros(1000, dtype=np.int64)
    for npa in {n // 1000 for n in used}:
        unused[npa] = next(nxx for nxx in range(999, 199, -1) if npa * 1000 + nxx not in used)
    changes, offsets = _tz_changes(scenario.timezone, days[0], days[-1])
    plan = _Plan(
        scenario=scenario, network=network, days=days, month_index=month_index, expected=expected,
        weights=np.array([scenario.profiles[f.profile].hours for f in flows]),
        shares=np.array([[f.mix.get(k, 0.0) for k in KINDS] for f in flows]),
        hold_ds=np.array([[f.hold[k] * 10 for k in KINDS] for f in flows]),
        midnight_us=midnight, tz_change_us=changes, tz_offset_us=offsets, unused_nxx=unused, flows=flows,
        special=network.special_tns(),
    )
    plan.epochs = [d for d in network.change_dates() if days[0] < d <= days[-1]]
    return plan


# --- numbers --------------------------------------------------------------------------------------


def _build_pools(plan: _Plan, day: dt.date) -> tuple[_Pools, np.ndarray]:
    """Pools for ``day`` (ids: flow*K + kind for dialed numbers, F*K + flow for callers) and the
    per-flow shares with any kind whose pool is empty that day moved to ``voice``."""
    net, flows = plan.network, plan.flows
    blocks = net.blocks(day)
    ported = net.ported(day)
    by_switch: dict[str, list[int]] = {}
    for key, sw in sorted(blocks.items()):
        by_switch.setdefault(sw, []).append(key)

    def serving(tn: int) -> str | None:
        if tn in ported:
            return blocks.get(ported[tn] // 1000)
        return blocks.get(tn // 1000)

    vnxx_live = [(p, rc) for p, rc, eff in net.vnxx if eff is None or eff <= day]
    vnxx_blocks = {int(p[:7]) for p, _ in vnxx_live if p.endswith("XXX")}
    ranges: list[list[tuple[int, int, int]]] = []
    shares = plan.shares.copy()
    K = len(KINDS)
    for i, f in enumerate(flows):
        keys = by_switch.get(f.term, [])
        own = {
            "voice": [(k * 1000, 1000, 0) for k in keys if k not in vnxx_blocks],
            "vnxx": [(*_pattern_range(p), 0) for p, _ in vnxx_live if serving(_pattern_range(p)[0]) == f.term],
            "isp": [(tn, 1, 0) for tn, (_, isp) in sorted(net.locations.items()) if isp and serving(tn) == f.term],
        }
        own = {  # a single ported number dialed as VNXX or ISP carries its LRN too
            kind: [(a, n, lrn or (ported.get(a, 0) if n == 1 else 0)) for a, n, lrn in rs] for kind, rs in own.items()
        }
        own |= {
            "ported": [(tn, 1, lrn) for tn, lrn in sorted(ported.items()) if blocks.get(lrn // 1000) == f.term],
        }
        for kind, listed in f.numbers.items():
            wanted = {_pattern_range(_digits(n).upper()) for n in listed}
            own[kind] = [r for r in own[kind] if (r[0], r[1]) in wanted]
            if len(own[kind]) != len(wanted) and day == plan.days[0] and kind != "ported":
                raise ReferenceDataError(plan.scenario.path, None, f"flows.{f.id}.numbers.{kind}",
                                         f"{listed} are not all {kind} numbers of {f.term} on {day}")
        for k, kind in enumerate(KINDS):
            if shares[i, k] > 0 and not own[kind] and kind != "voice":
                shares[i, 0] += shares[i, k]
                shares[i, k] = 0.0
        if shares[i, 0] > 0 and not own["voice"]:
            raise ReferenceDataError(plan.scenario.path, None, f"flows.{f.id}", f"{f.term} has no numbers on {day}")
        ranges.extend(own[kind] for kind in KINDS)
    for f in flows:
        callers = [(k * 1000, 1000, 0) for k in by_switch.get(f.orig, [])]
        if not callers:
            raise ReferenceDataError(plan.scenario.path, None, f"flows.{f.id}", f"{f.orig} has no numbers on {day}")
        ranges.append(callers)
    size = np.array([len(r) for r in ranges], dtype=np.int64)
    flat = [x for r in ranges for x in r]
    arr = np.array(flat, dtype=np.int64).reshape(-1, 3)
    pools = _Pools(arr[:, 0], arr[:, 1], arr[:, 2], np.concatenate([[0], np.cumsum(size)[:-1]]), size)
    assert K * len(flows) + len(flows) == len(size)
    return pools, shares


def _pools_for(plan: _Plan, day: dt.date) -> tuple[_Pools, np.ndarray]:
    epoch = int(np.searchsorted(np.array([d.toordinal() for d in plan.epochs]), day.toordinal(), side="right"))
    if epoch not in plan.pools_cache:
        plan.pools_cache[epoch] = _build_pools(plan, day)
    return plan.pools_cache[epoch]


def _pick(pools: _Pools, pool: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A number from each row's pool (a range uniformly, then a number in it) and the range index."""
    idx = pools.offset[pool] + (rng.random(pool.size) * pools.size[pool]).astype(np.int64)
    return pools.start[idx] + (rng.random(pool.size) * pools.count[idx]).astype(np.int64), idx


def _avoid(special: np.ndarray, tn: np.ndarray, ordinary: np.ndarray) -> None:
    """Move an ordinary pick that hit a special number to another line of its block (in place)."""
    for _ in range(3):
        hit = ordinary & np.isin(tn, special)
        if not hit.any():
            return
        tn[hit] = tn[hit] // 10 * 10 + (tn[hit] % 10 + 5) % 10
    raise AssertionError("special numbers too dense to avoid")


# --- one day --------------------------------------------------------------------------------------


def _day(plan: _Plan, d: int, malformed_share: float) -> dict[str, np.ndarray]:
    """The numeric columns of day ``d``'s calls (before text formatting)."""
    day = plan.days[d]
    rng = np.random.default_rng([plan.scenario.seed, day.toordinal()])
    pools, shares = _pools_for(plan, day)
    F, K = shares.shape
    lam = plan.expected[:, d][:, None, None] * plan.weights[:, :, None] * shares[:, None, :]
    counts = rng.poisson(lam).ravel()
    cell = np.repeat(np.arange(counts.size), counts)
    f, rest = np.divmod(cell, 24 * K)
    hour, kind = np.divmod(rest, K)
    n = cell.size
    answer_ds = hour * _DS_PER_HOUR + rng.integers(0, _DS_PER_HOUR, n)
    answer_us = plan.midnight_us[d] + answer_ds * _DS_US
    dur = np.maximum(1, np.rint(rng.exponential(1.0, n) * plan.hold_ds[f, kind])).astype(np.int64)
    term_tn, ridx = _pick(pools, f * K + kind, rng)
    orig_tn, _ = _pick(pools, F * K + f, rng)
    _avoid(plan.special, term_tn, pools.count[ridx] > 1)
    _avoid(plan.special, orig_tn, np.ones(n, dtype=bool))
    cols = {
        "flow": f, "kind": kind, "seq": np.arange(n, dtype=np.int64), "orig_tn": orig_tn, "term_tn": term_tn,
        "term_lrn": pools.lrn[ridx], "answer_us": answer_us, "disconnect_us": answer_us + dur * _DS_US,
        "duration_ds": dur, "bad": np.full(n, -1, dtype=np.int8),
    }
    if malformed_share > 0 and n > 1:
        _spoil(plan, cols, rng, malformed_share)
    return cols


def _spoil(plan: _Plan, c: dict[str, np.ndarray], rng: np.random.Generator, share: float) -> None:
    """Spoil about ``share`` of the rows, each by one of MALFORMED_KINDS (recorded in ``bad``)."""
    n = c["seq"].size
    rows = np.flatnonzero(rng.random(n) < share)
    kinds = rng.integers(0, len(MALFORMED_KINDS), rows.size)
    c["bad"][rows] = kinds
    which = {name: rows[kinds == i] for i, name in enumerate(MALFORMED_KINDS)}
    good = np.flatnonzero(c["bad"] < 0)
    dup = which["duplicate"]
    if dup.size and good.size:
        src = good[rng.integers(0, good.size, dup.size)]
        for name, col in c.items():
            if name != "bad":
                col[dup] = col[src]
    r = which["bad_number"]
    c["orig_tn"][r] //= 10
    r = which["disconnect_before_answer"]
    c["answer_us"][r], c["disconnect_us"][r] = c["disconnect_us"][r], c["answer_us"][r].copy()
    c["duration_ds"][which["duration_mismatch"]] += 600
    r = which["unknown_block"]
    npa = c["term_tn"][r] // 10_000_000
    c["term_tn"][r] = npa * 10_000_000 + plan.unused_nxx[npa] * 10_000 + c["term_tn"][r] % 10_000


# --- to Arrow -------------------------------------------------------------------------------------


def _fixed_width(m: np.ndarray) -> pa.Array:
    """A string array from an (n, w) uint8 matrix of ASCII, zero-copy."""
    n, w = m.shape
    offsets = np.arange(0, n * w + 1, w, dtype=np.int64)
    return pa.Array.from_buffers(pa.large_string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(m))])


def _put(m: np.ndarray, col: int, value: np.ndarray, width: int) -> None:
    for i in range(width - 1, -1, -1):
        m[:, col + i] = 48 + value % 10
        value = value // 10


def _local_text(plan: _Plan, us: np.ndarray, hour25: np.ndarray | None = None) -> pa.Array:
    """``YYYY-MM-DDTHH:MM:SS.t±HH:MM`` in the scenario's zone, vectorized (hour ``25`` where ``hour25``)."""
    off = plan.tz_offset_us[np.searchsorted(plan.tz_change_us, us, side="right") - 1]
    local = us + off
    day = local // (86_400 * _US)
    dates = day.astype("datetime64[D]")
    year = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    month = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    mday = (dates - dates.astype("datetime64[M]")).astype(np.int64) + 1
    tod = (local - day * 86_400 * _US) // _DS_US
    m = np.empty((us.size, 27), dtype=np.uint8)
    for pos, ch in ((4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "."), (24, ":")):
        m[:, pos] = ord(ch)
    _put(m, 0, year, 4)
    _put(m, 5, month, 2)
    _put(m, 8, mday, 2)
    _put(m, 11, tod // 36_000, 2)
    _put(m, 14, tod // 600 % 60, 2)
    _put(m, 17, tod // 10 % 60, 2)
    _put(m, 20, tod % 10, 1)
    m[:, 21] = np.where(off < 0, ord("-"), ord("+"))
    aoff = np.abs(off) // (60 * _US)
    _put(m, 22, aoff // 60, 2)
    _put(m, 25, aoff % 60, 2)
    if hour25 is not None:
        m[hour25, 11:13] = np.frombuffer(b"25", np.uint8)
    return _fixed_width(m)


def _flow_strings(plan: _Plan) -> dict[str, pa.Array]:
    """Per-flow values (switches, route, trunk group, cmrs) to take by flow index."""
    net, flows = plan.network, plan.flows
    groups: dict[tuple[frozenset[str], str | None], str] = {}
    for f in flows:
        groups.setdefault((frozenset((f.orig, f.term)), f.via), f"TG{len(groups) + 1:04d}")
    route = [f"transit:{net.carrier_ocn[net.switch_owner[f.via]]}" if f.via else "direct" for f in flows]
    return {
        "orig_switch": pa.array([f.orig for f in flows]),
        "term_switch": pa.array([f.term for f in flows]),
        "route": pa.array(route),
        "trunk_group": pa.array([groups[(frozenset((f.orig, f.term)), f.via)] for f in flows]),
        "cmrs": pa.array([net.carrier_kind[net.switch_owner[f.orig]] == "CMRS" for f in flows]),
        "prefix": pa.array([f.orig.encode() for f in flows], pa.binary()),
    }


def _origin_places(net: _Network) -> tuple[Any, ...]:
    """Lookups for callers away from home: (VNXX block keys, their rate centers, TNs, their rate centers)."""
    blocks = sorted((int(p[:7]), rc) for p, rc, _ in net.vnxx if p.endswith("XXX"))
    tns = sorted({**{int(p): rc for p, rc, _ in net.vnxx if "X" not in p},
                  **{tn: rc for tn, (rc, isp) in net.locations.items() if not isp}}.items())
    return (np.array([k for k, _ in blocks], dtype=np.int64), [rc for _, rc in blocks],
            np.array([k for k, _ in tns], dtype=np.int64), [rc for _, rc in tns])


def _lookup(keys: np.ndarray, values: list[str], x: np.ndarray) -> np.ndarray:
    """Index into ``values`` of each ``x`` found in sorted ``keys``, else len(values)."""
    pos = np.minimum(np.searchsorted(keys, x), max(len(keys) - 1, 0))
    return np.where((len(keys) > 0) & (keys[pos] == x) if len(keys) else False, pos, len(values))


def _tn_text(tn: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pc.cast(pa.array(tn, pa.int64(), mask=null), pa.string())


def _to_table(plan: _Plan, d: int, c: dict[str, np.ndarray], times: str) -> pa.Table:
    if not plan.strings:
        plan.strings, plan.places = _flow_strings(plan), _origin_places(plan.network)
    strings = plan.strings
    block_keys, block_rcs, tn_keys, tn_rcs = plan.places
    f = pa.array(c["flow"])
    n = len(f)
    day = plan.days[d]
    # call id: <orig CLLI>-<YYYYMMDD>-<seq>; every CLLI has 11 characters
    m = np.empty((n, 28), dtype=np.uint8)
    clli = np.frombuffer(b"".join(fl.orig.encode() for fl in plan.flows), np.uint8).reshape(-1, 11)
    m[:, :11] = clli[c["flow"]]
    m[:, 11] = m[:, 20] = ord("-")
    m[:, 12:20] = np.frombuffer(day.strftime("%Y%m%d").encode(), np.uint8)
    _put(m, 21, c["seq"], 7)
    bad = c["bad"]
    bad_time = bad == MALFORMED_KINDS.index("bad_time")
    if times == "text":
        answer = _local_text(plan, c["answer_us"], bad_time)
        disconnect = _local_text(plan, c["disconnect_us"])
    elif times == "timestamp":
        typ = pa.timestamp("us", tz=plan.scenario.timezone)
        answer = pa.array(c["answer_us"], typ, mask=bad_time)
        disconnect = pa.array(c["disconnect_us"], typ)
    else:
        raise ValueError(f"times must be 'text' or 'timestamp', not {times!r}")
    # physical location of callers on VNXX or located numbers
    by_tn = _lookup(tn_keys, tn_rcs, c["orig_tn"])
    by_block = _lookup(block_keys, block_rcs, c["orig_tn"] // 1000)
    rcs = pa.array(tn_rcs + block_rcs + [None], pa.string())
    where = rcs.take(pa.array(np.where(by_tn < len(tn_rcs), by_tn,
                                       np.where(by_block < len(block_rcs), len(tn_rcs) + by_block, len(tn_rcs) + len(block_rcs)))))
    cols = {
        "call_id": _fixed_width(m),
        "orig_tn": _tn_text(c["orig_tn"]),
        "term_tn": _tn_text(c["term_tn"]),
        "term_lrn": _tn_text(c["term_lrn"], c["term_lrn"] == 0),
        "answer_ts": answer,
        "disconnect_ts": disconnect,
        "duration_ds": pa.array(c["duration_ds"], pa.int64()),
        "orig_switch": strings["orig_switch"].take(f),
        "term_switch": strings["term_switch"].take(f),
        "route": strings["route"].take(f),
        "trunk_group": strings["trunk_group"].take(f),
        "cmrs": strings["cmrs"].take(f),
        "isp_bound": pa.array(c["kind"] == KINDS.index("isp")),
        "orig_location": where,
    }
    table = pa.table({k: cols[k] for k in CANONICAL_COLUMNS})
    return table.cast(_schema(times, plan.scenario.timezone))


def _schema(times: str, tz: str) -> pa.Schema:
    time_type = pa.string() if times == "text" else pa.timestamp("us", tz=tz)
    types = {"duration_ds": pa.int64(), "cmrs": pa.bool_(), "isp_bound": pa.bool_(),
             "answer_ts": time_type, "disconnect_ts": time_type}
    return pa.schema([(name, types.get(name, pa.string())) for name in CANONICAL_COLUMNS])


# --- public API -----------------------------------------------------------------------------------


def _setup(network: str | Path | None, scenario: Scenario | str | Path | None, start: dt.date | None,
           months: int, scale: float, only: Sequence[str] | None, seed: int | None = None) -> _Plan:
    scen = scenario if isinstance(scenario, Scenario) else load_scenario(scenario or SCENARIO)
    if seed is not None:
        from dataclasses import replace

        scen = replace(scen, seed=int(seed))
    net = _Network.load(Path(network) if network is not None else NETWORK)
    return _plan(scen, net, start or scen.start, months, scale, only)


def iter_calls(
    network: str | Path | None = None,
    *,
    start: dt.date | None = None,
    months: int = 12,
    seed: int | None = None,
    scale: float = 1.0,
    malformed_share: float = 0.001,
    times: str = "text",
    chunk_rows: int = 1_000_000,
    scenario: Scenario | str | Path | None = None,
    only: Sequence[str] | None = None,
) -> Iterator[pa.Table]:
    """Yield the calls as Arrow tables of whole days, each of about ``chunk_rows`` rows or more.

    Same parameters as :func:`generate_calls`. Memory stays flat: one chunk at a time.
    """
    plan = _setup(network, scenario, start, months, scale, only, seed)
    if not 0 <= malformed_share < 1:
        raise ValueError(f"malformed_share must be in [0, 1), not {malformed_share}")
    parts: list[pa.Table] = []
    rows = 0
    for d in range(len(plan.days)):
        t = _to_table(plan, d, _day(plan, d, malformed_share), times)
        parts.append(t)
        rows += t.num_rows
        if rows >= chunk_rows:
            yield pa.concat_tables(parts)
            parts, rows = [], 0
    if parts:
        yield pa.concat_tables(parts)


def generate_calls(
    network: str | Path | None = None,
    *,
    start: dt.date | None = None,
    months: int = 12,
    seed: int | None = None,
    scale: float = 1.0,
    malformed_share: float = 0.001,
    times: str = "text",
    scenario: Scenario | str | Path | None = None,
    only: Sequence[str] | None = None,
) -> pa.Table:
    """A year (by default) of synthetic calls on the demo network, as one Arrow table.

    Parameters
    ----------
    network : path, optional
        A network folder in the project's CSV layout (default: the shipped ``demo/network``).
    start : date, optional
        First day, the first of a month (default: the scenario's ``start``, 2006-01-01).
    months : int
        How many calendar months.
    seed : int, optional
        Overrides the scenario's seed. The same seed gives the same calls.
    scale : float
        Multiplies the background flows. Fixed (trigger) flows keep their declared volumes.
    malformed_share : float
        Expected share of spoiled rows, evenly over :data:`MALFORMED_KINDS`.
    times : ``"text"`` or ``"timestamp"``
        ``answer_ts``/``disconnect_ts`` as ISO text with the local UTC offset (the canonical CSV
        form), or as ``timestamp[us, tz=America/Chicago]`` (then a ``bad_time`` row has a null
        ``answer_ts``, which the ingester quarantines as unanswered).
    scenario : Scenario or path, optional
        Default: the shipped ``demo/scenario.yaml``.
    only : flow ids, optional
        Generate only these flows (same calls as in the full run for those flows only when the
        malformed share is 0).

    Returns
    -------
    pyarrow.Table
        The canonical CDR columns (``meetpoint.traffic.schema.CANONICAL_COLUMNS``).
    """
    chunks = list(iter_calls(network, start=start, months=months, seed=seed, scale=scale,
                             malformed_share=malformed_share, times=times, chunk_rows=1 << 62,
                             scenario=scenario, only=only))
    return chunks[0] if chunks else _schema(times, "America/Chicago").empty_table()


def expected_calls(
    network: str | Path | None = None,
    *,
    start: dt.date | None = None,
    months: int = 12,
    scale: float = 1.0,
    scenario: Scenario | str | Path | None = None,
    fixed: bool | None = None,
) -> float:
    """The expected number of calls (before malformed rows), or of the fixed/background flows only."""
    plan = _setup(network, scenario, start, months, scale, None)
    keep = np.array([fixed is None or f.fixed == fixed for f in plan.flows])
    return float(plan.expected[keep].sum())


def write_calls(
    dest: str | Path,
    network: str | Path | None = None,
    *,
    format: str = "csv",
    start: dt.date | None = None,
    months: int = 12,
    seed: int | None = None,
    scale: float = 1.0,
    malformed_share: float = 0.001,
    times: str | None = None,
    chunk_rows: int = 1_000_000,
    scenario: Scenario | str | Path | None = None,
    only: Sequence[str] | None = None,
) -> list[Path]:
    """Write the calls into folder ``dest``, one file per month (``calls-YYYY-MM.csv|parquet``).

    Streams chunk by chunk (memory stays flat). ``times`` defaults to ``"text"`` for CSV and to
    ``"timestamp"`` for Parquet. Returns the files written, in month order.
    """
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    if format not in ("csv", "parquet"):
        raise ValueError(f"format must be 'csv' or 'parquet', not {format!r}")
    times = times or ("text" if format == "csv" else "timestamp")
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    writers: dict[str, Any] = {}
    paths: list[Path] = []
    month_of = pc.utf8_slice_codeunits  # on call_id: <CLLI>-<YYYYMMDD>-…, the answer's local date

    try:
        for chunk in iter_calls(network, start=start, months=months, seed=seed, scale=scale,
                                malformed_share=malformed_share, times=times, chunk_rows=chunk_rows,
                                scenario=scenario, only=only):
            months_col = month_of(chunk.column("call_id"), 12, 18)
            for ym in pc.unique(months_col).to_pylist():
                part = chunk.filter(pc.equal(months_col, ym))
                key = f"{ym[:4]}-{ym[4:]}"
                if key not in writers:
                    path = dest / f"calls-{key}.{format}"
                    paths.append(path)
                    if format == "csv":
                        writers[key] = pacsv.CSVWriter(path, part.schema,
                                                       write_options=pacsv.WriteOptions(quoting_style="needed"))
                    else:
                        writers[key] = pq.ParquetWriter(path, part.schema, compression="zstd")
                writers[key].write_table(part)
    finally:
        for w in writers.values():
            w.close()
    return paths
