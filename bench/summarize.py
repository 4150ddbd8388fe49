#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Summarize bench/run-bench.sh's raw.tsv as Markdown (stdout).

    python3 bench/summarize.py RAW.tsv

Per call count: medians over the runs of CPU (user+sys), wall time and peak
RSS, without and with siphop; the CPU and wall ratios (median of the
per-run ratios, runs paired by number, and their range); the peak RSS
siphop adds per call. Then, between consecutive call counts, the slopes
(growth per added call): CPU us/call and RSS bytes/call without, with, and
siphop's share; equal slopes between the segments = linear growth.
"""

import csv
import statistics
import sys


def load(path):
    runs = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            n = int(row["calls"])
            d = runs.setdefault(n, {"frames": int(row["frames"]), "with": {}, "without": {}})
            d[row["variant"]][int(row["run"])] = {
                "cpu": float(row["user_s"]) + float(row["sys_s"]),
                "wall": float(row["wall_s"]),
                "rss": int(row["maxrss_kib"]) * 1024,
                "load": float(row.get("load1") or "nan"),
            }
    return runs


def med(values):
    return statistics.median(values)


def main(argv):
    runs = load(argv[1])
    lines = []
    lines.append("| calls | frames | CPU without (s) | CPU with (s) | CPU ratio (range) "
                 "| wall without (s) | wall with (s) | wall ratio "
                 "| peak RSS without (MiB) | peak RSS with (MiB) | siphop RSS per call (B) |")
    lines.append("|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    points = []
    for n in sorted(runs):
        d = runs[n]
        pairs = sorted(set(d["with"]) & set(d["without"]))
        if not pairs:
            continue
        w = {k: med([d["with"][r][k] for r in pairs]) for k in ("cpu", "wall", "rss")}
        wo = {k: med([d["without"][r][k] for r in pairs]) for k in ("cpu", "wall", "rss")}
        cpu_ratios = [d["with"][r]["cpu"] / d["without"][r]["cpu"] for r in pairs]
        wall_ratios = [d["with"][r]["wall"] / d["without"][r]["wall"] for r in pairs]
        per_call = (w["rss"] - wo["rss"]) / n
        points.append((n, w, wo))
        lines.append("| %d | %d | %.2f | %.2f | %.3f (%.3f-%.3f) | %.2f | %.2f | %.3f | %.1f | %.1f | %.0f |" % (
            n, d["frames"], wo["cpu"], w["cpu"], med(cpu_ratios), min(cpu_ratios), max(cpu_ratios),
            wo["wall"], w["wall"], med(wall_ratios), wo["rss"] / 2**20, w["rss"] / 2**20, per_call))
    lines.append("")
    lines.append("Runs per call count: %s (medians shown; ratio = median of the per-run ratios)."
                 % ", ".join("%d: %d" % (n, len(set(runs[n]["with"]) & set(runs[n]["without"])))
                             for n in sorted(runs)))
    loads = [v["load"] for n in runs for var in ("with", "without") for v in runs[n][var].values()]
    loads = [x for x in loads if x == x]
    if loads:
        lines.append("1-minute load average at the end of the runs: median %.1f, max %.1f "
                     "(on %s CPUs; above that, other work shared the machine)."
                     % (med(loads), max(loads), __import__("os").cpu_count()))
    if len(points) >= 2:
        lines.append("")
        lines.append("Growth between call counts (slope per added call):")
        lines.append("")
        lines.append("| from -> to | CPU without (us/call) | CPU with (us/call) | marginal CPU ratio "
                     "| RSS without (B/call) | RSS with (B/call) | siphop RSS (B/call) |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|")
        for (n1, w1, wo1), (n2, w2, wo2) in zip(points, points[1:]):
            dn = n2 - n1
            cw = (w2["cpu"] - w1["cpu"]) / dn * 1e6
            cwo = (wo2["cpu"] - wo1["cpu"]) / dn * 1e6
            rw = (w2["rss"] - w1["rss"]) / dn
            rwo = (wo2["rss"] - wo1["rss"]) / dn
            lines.append("| %d -> %d | %.1f | %.1f | %.3f | %.0f | %.0f | %.0f |" % (
                n1, n2, cwo, cw, cw / cwo if cwo else float("nan"), rwo, rw, rw - rwo))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
