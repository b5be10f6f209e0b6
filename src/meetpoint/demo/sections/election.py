"""Section: Socket's transit-difference election on the scenario-(2) route, from the month it is met."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from meetpoint.agreements import Library

#: Scenario (2) of Interim §5 ¶8 / Amendment §3 ¶8: the trigger that opens the transit election.
SCENARIO_2 = "direct_connection.mou_and_transit"


def election(ws: Any, lib: Library, found: dict[str, Any]) -> dict[str, Any]:
    """Socket's election on the scenario-(2) route from the month its conditions are met: the month
    comes from the compliance verdict when there is one, else from the shipped ``elections.csv``
    (scenario.yaml's ``met_at``). Written into the workspace copy of ``elections.csv`` and imported."""
    from meetpoint.settlement import import_settlement_files

    path = ws.dir("reference") / "settlement" / "elections.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields, rows = list(reader.fieldnames or ()), list(reader)
    row = rows[0]
    route = {row["switch_a"], row["switch_b"]}
    verdict = next((v for v in found["met"] if v["trigger"] == SCENARIO_2 and v["agreement"] == row["agreement"]
                    and {v["from_switch"], v["to_switch"]} == route), None)
    if verdict is not None:
        row["from"] = f"{verdict['first_met']}-01"
        row["notice"] = (f"DEMO Socket notice of election (Amendment §3 ¶8), from {verdict['first_met']}: "
                         "the month the compliance verdict found scenario (2) met")
        source = f"the compliance verdict (scenario (2) first met {verdict['first_met']})"
    else:
        source = "the shipped elections.csv (scenario.yaml met_at); no scenario-(2) verdict was met"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    import_settlement_files(ws, [path], lib=lib, replace=True)
    return {"agreement": row["agreement"], "electing_carrier": row["electing_carrier"],
            "route": f"{row['switch_a']}~{row['switch_b']}", "from": dt.date.fromisoformat(row["from"]),
            "source": source}
