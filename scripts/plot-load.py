#!/usr/bin/env python3
"""Plots scripts/bench-load.sh --out lines as an SVG (docs/benchmarks.md, "The controller under load").

    python3 scripts/plot-load.py RESULTS.tsv docs/bench-load.svg

Three panels over the number of khchecks (log scale): the leader's CPU (cores), its RSS (median
and max of the 5 s samples, MiB) and start lateness (p50 and p99, ms, log scale), each with issue
15's target as a dashed line. Standard library only.
"""
import math
import sys

COLUMNS = ("checks", "interval", "minutes", "due", "begun", "finished", "failed", "p50", "p99",
           "cpu", "rss_median", "rss_max", "rss_peak", "follower_rss", "load")


def read(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        if line.strip():
            rows.append({k: float(v) for k, v in zip(COLUMNS, line.split("\t"))})
    # The last line per point wins (a point measured again replaces the earlier figure).
    return sorted({r["checks"]: r for r in rows}.values(), key=lambda r: r["checks"])


W, H, PAD_L, PAD_R, PAD_T, PAD_B = 300, 230, 58, 14, 34, 44


def panel(x0, title, rows, series, targets, log_y=False):
    """One chart at x offset x0: series is [(label, key, scale, colour)], targets [(value, label)]."""
    xs = [math.log10(r["checks"]) for r in rows]
    xmin, xmax = min(xs) - 0.15, max(xs) + 0.15
    values = [r[key] * scale for _, key, scale, _ in series for r in rows] + [t for t, _ in targets]
    if log_y:
        ymin = 10 ** math.floor(math.log10(max(min(v for v in values if v > 0), 1e-3)))
        ymax = 10 ** math.ceil(math.log10(max(values) * 1.05))
        fy = lambda v: math.log10(max(v, ymin))
        lo, hi = math.log10(ymin), math.log10(ymax)
        ticks = [10 ** e for e in range(int(lo), int(hi) + 1)]
    else:
        ymin, ymax = 0.0, max(values) * 1.15
        fy = lambda v: v
        lo, hi = ymin, ymax
        raw = ymax / 5
        step = min(m * 10 ** math.floor(math.log10(raw)) for m in (1, 2, 5, 10) if m * 10 ** math.floor(math.log10(raw)) >= raw)
        ticks = [i * step for i in range(int(ymax / step) + 1)]
    px = lambda x: x0 + PAD_L + (x - xmin) / (xmax - xmin) * (W - PAD_L - PAD_R)
    py = lambda v: PAD_T + (1 - (fy(v) - lo) / (hi - lo)) * (H - PAD_T - PAD_B)
    out = [f'<text x="{x0 + W / 2}" y="18" text-anchor="middle" font-weight="bold">{title}</text>',
           f'<rect x="{x0 + PAD_L}" y="{PAD_T}" width="{W - PAD_L - PAD_R}" height="{H - PAD_T - PAD_B}" fill="none" stroke="#999"/>']
    for t in ticks:
        out.append(f'<line x1="{x0 + PAD_L - 4}" x2="{x0 + PAD_L}" y1="{py(t):.1f}" y2="{py(t):.1f}" stroke="#999"/>'
                   f'<text x="{x0 + PAD_L - 6}" y="{py(t) + 4:.1f}" text-anchor="end">{t:g}</text>')
    for r, x in zip(rows, xs):
        out.append(f'<text x="{px(x):.1f}" y="{H - PAD_B + 16}" text-anchor="middle">{int(r["checks"]):,}</text>')
    out.append(f'<text x="{x0 + PAD_L + (W - PAD_L - PAD_R) / 2}" y="{H - 8}" text-anchor="middle">khchecks</text>')
    for target, target_label in targets:
        out.append(f'<line x1="{x0 + PAD_L}" x2="{x0 + W - PAD_R}" y1="{py(target):.1f}" y2="{py(target):.1f}" stroke="#c00" stroke-dasharray="5,4"/>'
                   f'<text x="{x0 + W - PAD_R - 2}" y="{py(target) - 4:.1f}" text-anchor="end" fill="#c00">{target_label}</text>')
    for i, (label, key, scale, colour) in enumerate(series):
        points = " ".join(f"{px(x):.1f},{py(r[key] * scale):.1f}" for r, x in zip(rows, xs))
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for r, x in zip(rows, xs):
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(r[key] * scale):.1f}" r="3" fill="{colour}"/>')
        out.append(f'<text x="{x0 + PAD_L + 6}" y="{PAD_T + 14 + 14 * i}" fill="{colour}">{label}</text>')
    return out


def main():
    rows = read(sys.argv[1])
    body = []
    body += panel(0, "leader CPU (cores)", rows, [("mean over the window", "cpu", 1, "#1f5fa8")], [(0.25, "target 0.25")])
    body += panel(W, "leader RSS (MiB)", rows, [("median", "rss_median", 1, "#1f5fa8"), ("max", "rss_max", 1, "#e08000")], [(150, "target 1,000: 150"), (300, "target 10,000: 300")])
    body += panel(2 * W, "start lateness (ms)", rows, [("p50", "p50", 1000, "#1f5fa8"), ("p99", "p99", 1000, "#e08000")], [(1000, "target p99 1 s")], log_y=True)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{3 * W}" height="{H}" font-family="sans-serif" font-size="11">'
           f'<rect width="100%" height="100%" fill="white"/>' + "".join(body) + "</svg>\n")
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write(svg)


if __name__ == "__main__":
    main()
