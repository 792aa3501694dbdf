"""Quantiles of a Prometheus histogram, for the benchmark scripts' analyses (imported by bench-load.sh)."""


def quantile(buckets, q):
    """As histogram_quantile: linear inside the bucket the rank falls in. buckets: {le: cumulative
    count}, +Inf as float("inf"). Returns (value, beyond): beyond is True when the rank falls past
    the last finite bucket, whose bound is then returned, a floor."""
    bs = sorted(buckets.items())
    count = bs[-1][1] if bs else 0
    if count <= 0:
        return float("nan"), False
    rank, lo, below = q * count, 0.0, 0.0
    for le, c in bs:
        if c >= rank:
            if le == float("inf"):
                return lo, True
            return lo + (le - lo) * ((rank - below) / (c - below) if c > below else 0), False
        lo, below = le, c
    return lo, False
