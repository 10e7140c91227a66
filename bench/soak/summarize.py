#!/usr/bin/env python3
"""Summarizes a soak run: per-minute fires, drift and CPU (from the driver's samples.csv) beside the database's
size, dead tuples and the rows written (from soak.csv), into soak.md. Standard library only."""
import csv
import statistics
import sys
from pathlib import Path

run, jobs, retention, interval, minutes = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


per_minute = {}
with open(run / "samples.csv") as f:
    for row in csv.DictReader(f):
        t = num(row["t_rel_s"])
        if t is None or t < 0 or row["phase"] != "measure":
            continue
        m = per_minute.setdefault(int(t // 60), {"receipts": 0, "p50": [], "p99": [], "p999": [], "pg": [], "engine": []})
        m["receipts"] += num(row["receiver_receipts"]) or 0
        for key, col in (("p50", "receiver_p50_ms"), ("p99", "receiver_p99_ms"), ("p999", "receiver_p999_ms"),
                         ("pg", "postgres_cpu_pct"), ("engine", "engine_cpu_pct")):
            v = num(row[col])
            if v is not None:
                m[key].append(v)

db = list(csv.DictReader(open(run / "soak.csv")))

out = [f"# Soak: {jobs:,} every-second jobs for {minutes} minutes at the defaults\n",
       f"Retention `CRONWHEEL_EXECUTION_RETENTION={retention}`, partitions of `{interval}`, everything else at its "
       "default. Driver report: [report.md](report.md). Drift is at the receiver; per minute, the median and the "
       "worst of that minute's per-second p99 (the worst second is a stricter figure than the minute's own p99).\n",
       "## Per minute: fires and drift\n",
       "| minute | fires/s | p50 ms (median) | p99 ms (median s) | p99 ms (worst s) | p99.9 ms (worst s) | PostgreSQL CPU % | engine CPU % |",
       "|---|---|---|---|---|---|---|---|"]
worst_p99 = 0.0
for minute in sorted(per_minute):
    m = per_minute[minute]
    if not m["p99"]:
        continue
    worst_p99 = max(worst_p99, max(m["p99"]))
    out.append(f"| {minute + 1} | {m['receipts'] / 60:,.0f} | {statistics.median(m['p50']):.0f} | "
               f"{statistics.median(m['p99']):.0f} | {max(m['p99']):.0f} | {max(m['p999']):.0f} | "
               f"{statistics.mean(m['pg']) if m['pg'] else 0:.0f} | {statistics.mean(m['engine']) if m['engine'] else 0:.0f} |")

out += ["\n## Per minute: the executions table\n",
        "Rows: the final rows of the minute before last, against jobs x 60 (0 while the window had not started).\n",
        "| minute | at (UTC) | partitions | size MiB | live tuples | dead tuples | checkpoints | autovacuum runs | engine heap MiB | rows final / expected | unfinished |",
        "|---|---|---|---|---|---|---|---|---|---|---|"]
short = 0
for r in db:
    try:
        final, expected = int(r["rows_final"] or 0), int(r["rows_expected"] or 0)
    except ValueError:
        final, expected = 0, 0
    if 0 < final < expected:
        short += 1
    size = (num(r["executions_bytes"]) or 0) / 1048576
    out.append(f"| {r['minute']} | {r['at']} | {r['partitions']} | {size:,.0f} | {r['live_tuples']} | {r['dead_tuples']} | "
               f"{r['checkpoints']} | {r['autovacuums']} | {r['engine_heap_mb']} | {final:,} / {expected:,} | {r['rows_unfinished']} |")

sizes = [(num(r["executions_bytes"]) or 0) / 1048576 for r in db]
out += ["\n## Verdict\n",
        f"- worst per-second receive p99 over the run: {worst_p99:.0f} ms (target: <= 200 ms every minute)",
        f"- minutes with fewer final rows than jobs x 60 (among minutes with rows): {short}",
        f"- executions size: max {max(sizes) if sizes else 0:,.0f} MiB, last {sizes[-1] if sizes else 0:,.0f} MiB"]
(run / "soak.md").write_text("\n".join(out) + "\n")
print("\n".join(out[-3:]))
