"""Charts per switch pair: monthly minutes and trunks needed against each threshold, months met marked.

Hand-built inline SVG (no JavaScript, no CDN, no fonts to fetch), so the same markup works in the
HTML reports opened offline and in WeasyPrint PDFs. One chart is a line per series over the months,
a dashed horizontal line per threshold with its value and cite, the months in which a trigger's
monthly test passed shaded, and the month a trigger was met ("not before then") marked by a
vertical line.

Thresholds are never literals: :func:`thresholds_for` reads them from the provision of each
verdict's trigger (parameters in ``MOU/month`` for the minutes chart, ``trunks`` for the trunks
chart; the trunks are sized at that provision's ``grade_of_service``). Verdicts and evidence rows are
read duck-typed (:class:`meetpoint.compliance.verdict.Verdict`, :class:`~meetpoint.compliance.evidence.MonthEvidence`).
"""

from __future__ import annotations

import dataclasses
import math
from html import escape
from typing import Any, Iterable, Mapping, Sequence

__all__ = ["PairChart", "Series", "ThresholdLine", "line_chart", "pair_charts", "thresholds_for"]

_COLORS = ("#1f5fa8", "#a8661f", "#23784a", "#6b3fa0")
_THRESHOLD = "#a82a1f"
_PASSED = "#e7f1e9"
_MET = "#23784a"


@dataclasses.dataclass(frozen=True)
class Series:
    """One line: a value per month (``None`` = no data; the line breaks there)."""

    label: str
    values: Mapping[str, float | int | None]


@dataclasses.dataclass(frozen=True)
class ThresholdLine:
    """A horizontal threshold: its value, the words for it and the cite."""

    value: float | int
    label: str
    cite: str
    trigger: str = ""


@dataclasses.dataclass(frozen=True)
class Marks:
    """Months a trigger's test passed (shaded) and the month it was met (a vertical line)."""

    trigger: str
    passed: tuple[str, ...]
    first_met: str | None


def _nice_step(v: float) -> float:
    """The smallest 1, 2, 2.5 or 5 x 10^k at least ``v``."""
    if v <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= v * (1 - 1e-12):
            return m * exp
    return 10 * exp  # pragma: no cover


def _fmt(v: float) -> str:
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:g}"


def line_chart(
    title: str,
    months: Sequence[str],
    series: Sequence[Series],
    thresholds: Sequence[ThresholdLine] = (),
    marks: Sequence[Marks] = (),
    *,
    y_label: str = "",
    width: int = 760,
    height: int = 280,
) -> str:
    """An inline ``<svg>`` line chart (see the module docstring)."""
    left, right, top, bottom = 70, 16, 34, 64
    pw, ph = width - left - right, height - top - bottom
    values = [float(v) for s in series for v in s.values.values() if v is not None]
    top_value = max(values + [float(t.value) for t in thresholds] + [0.0]) * 1.08
    tick = _nice_step(top_value / 4)
    ticks = max(1, math.ceil(top_value / tick))
    ymax = tick * ticks
    n = max(len(months), 1)
    step = pw / n

    def x(i: int) -> float:
        return left + step * (i + 0.5)

    def y(v: float) -> float:
        return top + ph - ph * (float(v) / ymax)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
           f'font-family="sans-serif" font-size="11">',
           f'<title>{escape(title)}</title>',
           f'<text x="{left}" y="18" font-size="13" font-weight="bold" fill="#1d2430">{escape(title)}</text>']
    index = {m: i for i, m in enumerate(months)}
    for mk in marks:
        for m in mk.passed:
            if m in index:
                out.append(f'<rect x="{left + step * index[m]:.1f}" y="{top}" width="{step:.1f}" height="{ph}" '
                           f'fill="{_PASSED}"><title>{escape(mk.trigger)}: test passed in {m}</title></rect>')
    for k in range(ticks + 1):
        v = tick * k
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#d9dee5"/>')
        out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="#5b6675">{_fmt(v)}</text>')
    if y_label:
        out.append(f'<text x="14" y="{top + ph / 2:.1f}" transform="rotate(-90 14 {top + ph / 2:.1f})" '
                   f'text-anchor="middle" fill="#5b6675">{escape(y_label)}</text>')
    for i, m in enumerate(months):
        out.append(f'<text x="{x(i):.1f}" y="{top + ph + 14}" text-anchor="middle" fill="#5b6675">{escape(m[2:])}</text>')
    for mk in marks:
        if mk.first_met in index:
            xm = left + step * (index[mk.first_met] + 1)
            out.append(f'<line x1="{xm:.1f}" x2="{xm:.1f}" y1="{top}" y2="{top + ph}" stroke="{_MET}" stroke-width="2"/>')
            out.append(f'<text x="{xm - 3:.1f}" y="{top + 11}" text-anchor="end" fill="{_MET}" font-weight="bold">'
                       f'met {escape(mk.first_met)}</text>')
    for t in thresholds:
        yt = y(float(t.value))
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{yt:.1f}" y2="{yt:.1f}" stroke="{_THRESHOLD}" '
                   f'stroke-dasharray="6 4" stroke-width="1.5"><title>{escape(t.cite)}</title></line>')
        out.append(f'<text x="{left + 4}" y="{yt - 4:.1f}" fill="{_THRESHOLD}">'
                   f'{escape(t.label)} ({escape(t.cite)})</text>')
    lx = left + 8
    for si, s in enumerate(series):
        color = _COLORS[si % len(_COLORS)]
        runs: list[list[str]] = [[]]
        for i, m in enumerate(months):
            v = s.values.get(m)
            if v is None:
                runs.append([])
                continue
            runs[-1].append(f"{x(i):.1f},{y(float(v)):.1f}")
            out.append(f'<circle cx="{x(i):.1f}" cy="{y(float(v)):.1f}" r="2.5" fill="{color}">'
                       f'<title>{escape(s.label)} {m}: {_fmt(float(v))}</title></circle>')
        for run in runs:
            if len(run) > 1:
                out.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{color}" stroke-width="2"/>')
        out.append(f'<line x1="{lx}" x2="{lx + 18}" y1="{height - 18}" y2="{height - 18}" stroke="{color}" stroke-width="2"/>')
        out.append(f'<text x="{lx + 22}" y="{height - 14}" fill="#1d2430">{escape(s.label)}</text>')
        lx += 44 + int(7.2 * len(s.label))
    if marks:
        out.append(f'<rect x="{left + pw - 150}" y="{height - 26}" width="12" height="12" fill="{_PASSED}" stroke="#9bb8a3"/>')
        out.append(f'<text x="{left + pw - 134}" y="{height - 16}" fill="#1d2430">month passed the test</text>')
    out.append("</svg>")
    return "\n".join(out)


# --------------------------------------------------------------------------- per switch pair


@dataclasses.dataclass(frozen=True)
class PairChart:
    """The charts of one switch pair, ready to place in a report (``svgs`` is inline SVG markup)."""

    from_switch: str
    to_switch: str
    months: tuple[str, ...]
    mou_svg: str
    trunks_svg: str | None
    met: tuple[tuple[str, str], ...]  # (trigger, first_met)

    @property
    def svgs(self) -> tuple[str, ...]:
        return tuple(s for s in (self.mou_svg, self.trunks_svg) if s)


def _provision_of(lib: Any, verdict: Any) -> Any:
    agr = lib.agreement(verdict.agreement)
    ids = {p.id for p in agr.provisions}
    trig = str(verdict.trigger)
    while trig and trig not in ids:
        trig = trig.rpartition(".")[0]
    return agr.provision(trig) if trig else None


def thresholds_for(lib: Any, verdict: Any, on: Any = None) -> dict[str, list[ThresholdLine]]:
    """The ``mou`` and ``trunks`` threshold lines of a verdict's trigger, and the ``gos`` it sizes at.

    A trigger naming one parameter (``direct_connection.triggers.two_way_mou``) gives that one; a
    trigger naming a provision gives all of its MOU and trunk parameters.
    """
    import datetime as dt

    prov = _provision_of(lib, verdict)
    out: dict[str, list[Any]] = {"mou": [], "trunks": [], "gos": []}
    if prov is None:
        return out
    last = str(verdict.trigger).rpartition(".")[2]
    names = [last] if last in prov.params else list(prov.params)
    when = on or (verdict.effective if isinstance(getattr(verdict, "effective", None), dt.date) else None)
    for name in names:
        p = prov.params[name]
        entry = p.entry_at(when) if when else p.entries()[0]
        if entry is None or not isinstance(entry.value, (int, float)) and not hasattr(entry.value, "as_tuple"):
            continue
        words = {">=": "at least", ">": "more than"}.get(p.comparison or "", "")
        line = ThresholdLine(float(entry.value), f"{words} {_fmt(float(entry.value))} {p.unit}".strip(), entry.cite,
                             str(verdict.trigger))
        if p.unit == "MOU/month":
            out["mou"].append(line)
        elif p.unit == "trunks":
            out["trunks"].append(line)
    if "grade_of_service" in prov.params:
        e = prov.params["grade_of_service"].entry_at(when) if when else prov.params["grade_of_service"].entries()[0]
        if e is not None:
            out["gos"].append(float(e.value))  # type: ignore[arg-type]
    return out


def _marks(verdict: Any) -> Marks:
    return Marks(str(verdict.trigger), tuple(r.month for r in verdict.evidence if r.passed), verdict.first_met)


def pair_charts(evidence: Iterable[Any], verdicts: Iterable[Any], lib: Any, *, gos: float | None = None) -> list[PairChart]:
    """One :class:`PairChart` per switch pair in ``evidence``.

    The minutes chart plots each direction and the combined total against the MOU thresholds of the
    pair's verdicts; the trunks chart (when the pair has busy-hour CCS) plots Erlang B trunks needed
    at the trigger's grade of service (else ``gos``) against the trunk thresholds. Shaded months and
    "met" lines come from the verdicts on the same pair.
    """
    from meetpoint.teletraffic import trunks

    by_pair: dict[frozenset[str], list[Any]] = {}
    for ev in evidence:
        by_pair.setdefault(frozenset((ev.from_switch, ev.to_switch)), []).append(ev)
    vs: dict[frozenset[str], list[Any]] = {}
    for v in verdicts:
        vs.setdefault(frozenset((v.from_switch, v.to_switch)), []).append(v)
    out = []
    for key in sorted(by_pair, key=lambda k: sorted(k)):
        rows = sorted(by_pair[key], key=lambda e: e.month)
        a, b = rows[0].from_switch, rows[0].to_switch
        oriented = [e if e.from_switch == a else e.reversed() for e in rows]
        months = tuple(dict.fromkeys(e.month for e in oriented))
        pv = vs.get(key, [])
        lines = [thresholds_for(lib, v) for v in pv]
        mou_lines = _unique(t for ls in lines for t in ls["mou"])
        trunk_lines = _unique(t for ls in lines for t in ls["trunks"])
        mou_marks = [_marks(v) for v, ls in zip(pv, lines) if ls["mou"]]
        trunk_marks = [_marks(v) for v, ls in zip(pv, lines) if ls["trunks"]]
        series = [
            Series(f"{a} → {b}", {e.month: e.mou_forward for e in oriented}),
            Series(f"{b} → {a}", {e.month: e.mou_reverse for e in oriented}),
            Series("combined", {e.month: e.mou_combined for e in oriented}),
        ]
        mou_svg = line_chart(f"Minutes of use: {a} – {b}", months, series, mou_lines, mou_marks, y_label="MOU per month")
        g = next((ls["gos"][0] for ls in lines if ls["gos"]), gos)
        trunks_svg = None
        if g is not None and any(e.busy_hour_ccs is not None for e in oriented):
            need = {e.month: (None if e.busy_hour_ccs is None else
                              0 if e.busy_hour_ccs <= 0 else trunks(e.busy_hour_ccs / 36, g)) for e in oriented}
            trunks_svg = line_chart(f"Trunks needed at grade of service {g:g}: {a} – {b}", months,
                                    [Series("trunks needed (Erlang B, busy hour)", need)], trunk_lines, trunk_marks,
                                    y_label="trunks")
        met = tuple((str(v.trigger), v.first_met) for v in pv if v.met)
        out.append(PairChart(a, b, months, mou_svg, trunks_svg, met))
    return out


def _unique(lines: Iterable[ThresholdLine]) -> list[ThresholdLine]:
    seen: dict[tuple[float, str], ThresholdLine] = {}
    for t in lines:
        seen.setdefault((t.value, t.cite), t)
    return list(seen.values())
