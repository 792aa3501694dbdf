#!/usr/bin/env bash
# The controller under real load (docs/benchmarks.md, "The controller under load"; issue 15):
# N khchecks whose pods are the simulator's in-process report-ok checker, two controller replicas (published as the image has it)
# with leader election, and per point one markdown row: runs begun and finished against the
# schedule, failures by reason, start lateness p50/p99, the leader's CPU and RSS, the follower's
# RSS, API requests per run.
#   scripts/bench-load.sh [--state DIR] [--points "100:1m 1000:1m 10000:10m"] [--minutes 10]
#                         [--nodes N] [--out FILE] [--failover]
# A point is CHECKS:INTERVAL[:MINUTES] (MINUTES overrides --minutes for that point). Per point: a
# fresh namespace, the khchecks created before the replicas start, a warm-up of one interval (the
# first runs, not measured), then --minutes measured, then both replicas stopped and the namespace
# deleted. Starts (or reuses) a cluster with N simulated nodes in DIR (110 pods each; finished pods
# do not count against that, so N only needs to hold the runs in flight). Each point holds
# /tmp/hc-tests.lock. --out appends one tab-separated line per point (for scripts/plot-load.py).
# --failover: after each point's window, SIGKILL the leader and follow the other replica for
# 150 s (its /metrics every half second): when it took the Lease, when it began its first run,
# the most runs it began in one second (the catch-up is paced: no burst of every overdue run at
# once), when it had begun the last run more than 1 s late (caught up), what finished, and the
# lateness of its starts (issue 15: first run within the lease duration + 5 s). A second table.
# Needs kubectl and python3.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
. "$here/lib-prereqs.sh"
. "$here/lib-publish.sh"
state=/tmp/hc-bench-load; points="100:1m 1000:1m 10000:10m"; minutes=10; nodes=4; out=""; failover=0; failover_seconds=150
while [ $# -gt 0 ]; do
  case "$1" in
    --state) state="$2"; shift 2 ;; --points) points="$2"; shift 2 ;;
    --minutes) minutes="$2"; shift 2 ;; --nodes) nodes="$2"; shift 2 ;; --out) out="$2"; shift 2 ;; --failover) failover=1; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
work="$(mktemp -d /tmp/hc-bench-load.XXXXXX)"
pids=(); sampler=""
stop_replicas() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}
cleanup() { [ -n "$sampler" ] && kill "$sampler" 2>/dev/null; stop_replicas; wait 2>/dev/null; [ -n "${HC_BENCH_KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT

kubeconfig="$(bash "$here/local-cluster.sh" up --state "$state" --nodes "$nodes" | tail -n 1)"
. "$state/cluster.env"
k() { kubectl --kubeconfig "$kubeconfig" "$@"; }
api_metrics() { curl -sk -H "Authorization: Bearer $ADMIN_TOKEN" "$APISERVER_URL/metrics"; }
# Non-WATCH requests the API server served, all clients (controller, simulator, scheduler, ...); and those to our kinds.
api_requests() { api_metrics | awk '/^apiserver_request_total\{/ && !/verb="WATCH"/ { s += $NF; if (/group="comcast.github.io"/) o += $NF } END { printf "%d %d\n", s, o }'; }
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # utime + stime, clock ticks
# CPU ticks of the cluster's own processes (etcd, API server, scheduler, controller-manager, simulator).
cluster_ticks() { local f t=0; for f in "$state"/pids/*.pid; do [ -r "/proc/$(cat "$f")/stat" ] && t=$((t + $(ticks "$(cat "$f")"))); done; echo "$t"; }
seconds_of() { case "$1" in *h) echo $(( ${1%h} * 3600 )) ;; *m) echo $(( ${1%m} * 60 )) ;; *s) echo "${1%s}" ;; *) echo "bad interval $1" >&2; exit 2 ;; esac; }

hc_log "publishing the controller as the image has it (self-contained, framework trimmed)"
hc_publish_trimmed "$root/src/Controller" "$work/controller" "$work"
for crd in "$root"/crds/*.yaml; do k apply --server-side -f "$crd" >/dev/null; done

start_replica() { # start_replica <index> <namespace>: its own listener and reporting URL, leader election on
  local i="$1" ns="$2" port
  port="$(hc_free_port)"
  # All reports come from the simulator's one address: the per-source limit (50/s as shipped) is raised.
  printf 'listenAddress: 127.0.0.1:%s\nmaxReportsPerSourcePerSecond: 100000\n' "$port" >"$work/config-$i.yaml"
  KUBECONFIG="$kubeconfig" POD_NAME="bench-load-$i" POD_NAMESPACE="$ns" TARGET_NAMESPACE="$ns" \
    KH_EXTERNAL_REPORTING_URL="http://127.0.0.1:$port/check" \
    "$work/controller/HealthChecks.Controller" --config "$work/config-$i.yaml" >"$work/controller-$i.log" 2>&1 &
  pids+=($!); urls+=("http://127.0.0.1:$port")
}

scrape() { # scrape <label>: both replicas' /metrics, their CPU ticks, the API server's request counts, the cluster's CPU
  local i
  for i in 0 1; do curl -sf --max-time 30 "${urls[$i]}/metrics" >"$work/$1-metrics-$i.txt"; ticks "${pids[$i]}" >"$work/$1-ticks-$i"; done
  api_requests >"$work/$1-api"; cluster_ticks >"$work/$1-cluster"; date +%s.%N >"$work/$1-time"
}

sample() { # every 5 s: uptime load, VmRSS of both replicas (KiB)
  local i
  while true; do
    printf '%s' "$(cut -d' ' -f1 /proc/loadavg)"
    for i in 0 1; do printf ' %s' "$(awk '/^VmRSS:/ { print $2 }' "/proc/${pids[$i]}/status" 2>/dev/null || echo 0)"; done
    echo; sleep 5
  done
}

run_point() { # run_point <checks> <interval> <minutes>
  local n="$1" interval="$2" mins="$3" ns="bench-load-$1" isec i
  isec="$(seconds_of "$interval")"
  urls=()
  k delete namespace "$ns" --ignore-not-found --wait=true --timeout=15m >/dev/null
  k create namespace "$ns" >/dev/null
  hc_log "$ns: creating $n khchecks (every $interval, report-ok pods)"
  python3 - "$n" "$interval" >"$work/checks.yaml" <<'PY'
import sys
n, interval = int(sys.argv[1]), sys.argv[2]
for i in range(n):
    print(f"""apiVersion: comcast.github.io/v1
kind: KuberhealthyCheck
metadata: {{name: load-{i:05d}}}
spec:
  runInterval: {interval}
  timeout: 30s
  podSpec:
    containers:
      - name: main
        image: healthchecks/report-ok:bench
        resources: {{requests: {{cpu: 1m, memory: 8Mi}}}}
---""")
PY
  k -n "$ns" create -f "$work/checks.yaml" >/dev/null
  hc_log "$ns: starting two replicas"
  start_replica 0 "$ns"; start_replica 1 "$ns"
  for i in 0 1; do
    for _ in $(seq 1 600); do curl -sf "${urls[$i]}/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
    curl -sf "${urls[$i]}/readyz" >/dev/null || { echo "replica $i did not become ready" >&2; tail -n 30 "$work/controller-$i.log" >&2; exit 1; }
  done
  hc_log "$ns: both ready; warm-up of one interval ($interval, the first runs)"
  sleep "$isec"
  hc_log "$ns: measuring for $mins minutes"
  sample >"$work/samples" & sampler=$!
  scrape before
  sleep $((mins * 60))
  scrape after
  kill "$sampler"; wait "$sampler" 2>/dev/null || true; sampler=""
  local hwm=()
  for i in 0 1; do hwm+=("$(awk '/^VmHWM:/ { print $2 }' "/proc/${pids[$i]}/status")"); done
  PYTHONPATH="$here" python3 - "$work" "$n" "$isec" "$mins" "$(getconf CLK_TCK)" "${hwm[@]}" "$out" <<'PY'
import re, sys, statistics
from histogram import quantile
work, n, isec, mins, hz, hwm0, hwm1, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]), sys.argv[8]
line = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)')
label = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')
def parse(path):
    series = []
    for l in open(path):
        m = line.match(l)
        if m: series.append((m.group(1), dict(label.findall(m.group(3) or "")), float(m.group(4))))
    return series
def total(series, name, **want):
    return sum(v for nm, lb, v in series if nm == name and all(lb.get(k) == w for k, w in want.items()))
def read(p): return open(f"{work}/{p}").read().split()
m = {(w, i): parse(f"{work}/{w}-metrics-{i}.txt") for w in ("before", "after") for i in (0, 1)}
leader = [i for i in (0, 1) if total(m[("after", i)], "kuberhealthy_controller_leader") == 1]
leader = leader[0] if leader else 0
follower = 1 - leader
both = lambda name, **w: sum(total(m[("after", i)], name, **w) - total(m[("before", i)], name, **w) for i in (0, 1))
terms = both("kuberhealthy_leader_terms_total")
started = both("kuberhealthy_runs_started_total")
scheduled = both("kuberhealthy_runs_started_total", start="scheduled")
lead = lambda name, **w: total(m[("after", leader)], name, **w) - total(m[("before", leader)], name, **w)
finished = lead("kuberhealthy_check_runs_total")
reasons = {}
for nm, lb, v in m[("after", leader)]:
    if nm == "kuberhealthy_check_runs_total" and lb.get("result") == "failure":
        reasons[lb["reason"]] = reasons.get(lb["reason"], 0) + v
for nm, lb, v in m[("before", leader)]:
    if nm == "kuberhealthy_check_runs_total" and lb.get("result") == "failure":
        reasons[lb["reason"]] = reasons.get(lb["reason"], 0) - v
failed = sum(reasons.values())
warm = {}  # failures before the window: the warm-up's first runs (counted since the replica started)
for nm, lb, v in m[("before", leader)]:
    if nm == "kuberhealthy_check_runs_total" and lb.get("result") == "failure":
        warm[lb["reason"]] = warm.get(lb["reason"], 0) + v
reports = {}
for i in (0, 1):
    for w, sign in (("after", 1), ("before", -1)):
        for nm, lb, v in m[(w, i)]:
            if nm == "kuberhealthy_reports_total": reports[lb["outcome"]] = reports.get(lb["outcome"], 0) + sign * v
buckets = {}
for i in (0, 1):
    for w, sign in (("after", 1), ("before", -1)):
        for nm, lb, v in m[(w, i)]:
            if nm == "kuberhealthy_check_run_start_delay_seconds_bucket":
                le = float("inf") if lb["le"] == "+Inf" else float(lb["le"])
                buckets[le] = buckets.get(le, 0) + sign * v
beyond = {q for q in (0.5, 0.99) if quantile(buckets, q)[1]}  # past the last finite bucket: that bound, a floor
observed = max(buckets.values()) if buckets else 0
seconds = float(read("after-time")[0]) - float(read("before-time")[0])
cpu = lambda i: (int(read(f"after-ticks-{i}")[0]) - int(read(f"before-ticks-{i}")[0])) / hz / seconds
cluster_cpu = (int(read("after-cluster")[0]) - int(read("before-cluster")[0])) / hz / seconds
api = int(read("after-api")[0]) - int(read("before-api")[0]); ours = int(read("after-api")[1]) - int(read("before-api")[1])
samples = [l.split() for l in open(f"{work}/samples") if len(l.split()) == 3]
load = statistics.mean(float(s[0]) for s in samples)
rss = [int(s[1 + leader]) / 1024 for s in samples if int(s[1 + leader]) > 0]
frss = [int(s[1 + follower]) / 1024 for s in samples if int(s[1 + follower]) > 0]
hwm = (hwm0, hwm1)[leader] / 1024
expected = n * mins * 60 / isec
interval = f"{isec // 60}m" if isec % 60 == 0 else f"{isec}s"
why = ", ".join(f"{k} {v:.0f}" for k, v in sorted(reasons.items()) if v) or "none"
odd = ", ".join(f"{k} {v:.0f}" for k, v in sorted(reports.items()) if v and k != "stored") or "none"
p50, p99 = quantile(buckets, 0.5)[0], quantile(buckets, 0.99)[0]
print(f"| {n:,} | {interval} | {mins} | {expected:,.0f} | {started:,.0f} ({started / expected:.3f}) | {finished:,.0f} ({finished / expected:.3f}) | {why} "
      f"| {'> ' if 0.5 in beyond else ''}{p50 * 1000:.0f} | {'> ' if 0.99 in beyond else ''}{p99 * 1000:.0f} | {cpu(leader):.3f} | {statistics.median(rss):.0f} / {max(rss):.0f} / {hwm:.0f} "
      f"| {statistics.median(frss):.0f} | {api / max(finished, 1):.1f} ({ours / max(finished, 1):.1f}) | {load:.1f} |")
print(f"  details: leader replica {leader}, leadership terms begun while measuring {terms:.0f}, scheduled starts {scheduled:.0f}, "
      f"start delays observed {observed:.0f}, reports other than stored: {odd}, "
      f"failures in the warm-up: {', '.join(f'{k} {v:.0f}' for k, v in sorted(warm.items()) if v) or 'none'}, follower CPU {cpu(follower):.3f} cores, "
      f"cluster processes (etcd, API server, scheduler, controller-manager, simulator) {cluster_cpu:.2f} cores, "
      f"API requests {api} (our kinds {ours}), {len(samples)} samples over {seconds:.0f} s", file=sys.stderr)
if out:
    with open(out, "a") as f:
        f.write("\t".join(str(x) for x in (n, isec, mins, expected, started, finished, failed, f"{p50:.4f}", f"{p99:.4f}", f"{cpu(leader):.4f}",
                f"{statistics.median(rss):.1f}", f"{max(rss):.1f}", f"{hwm:.1f}", f"{statistics.median(frss):.1f}", f"{load:.2f}")) + "\n")
PY
  [ "$failover" -eq 0 ] || fail_over "$n" "$isec" "$work/failover-$n.md"
  stop_replicas
  hc_log "$ns: deleting the namespace"
  k delete namespace "$ns" --wait=true --timeout=15m >/dev/null || hc_log "$ns: namespace not gone yet"
}

fail_over() { # fail_over <checks> <interval seconds> <row file>: SIGKILL the leader, follow the other replica taking over
  local n="$1" isec="$2" row="$3" i leader=-1 survivor killed end
  for i in 0 1; do
    awk '/^kuberhealthy_controller_leader[ {]/ { l = $NF } END { exit !(l == 1) }' "$work/after-metrics-$i.txt" && leader=$i
  done
  if [ "$leader" -lt 0 ]; then hc_log "no replica led at the end of the window: no failover"; return; fi
  survivor=$((1 - leader))
  hc_log "failover: SIGKILL to the leader (replica $leader); following replica $survivor for $failover_seconds s"
  killed="$(date +%s.%N)"
  kill -KILL "${pids[$leader]}"
  end=$(( $(date +%s) + failover_seconds ))
  # per sample: time, leader gauge, runs begun (every kind of start), runs finished ok, failed,
  # scheduled starts begun more than 1 s late (start delay observations above the 1 s bucket)
  while [ "$(date +%s)" -lt "$end" ]; do
    printf '%s ' "$(date +%s.%N)"
    { curl -sf --max-time 5 "${urls[$survivor]}/metrics" || true; } | awk '
      /^kuberhealthy_controller_leader[ {]/ { l = $NF }
      /^kuberhealthy_runs_started_total[ {]/ { s += $NF }
      /^kuberhealthy_check_runs_total[ {]/ { if (/result="failure"/) f += $NF; else o += $NF }
      /^kuberhealthy_check_run_start_delay_seconds_bucket\{.*le="1"/ { within += $NF }
      /^kuberhealthy_check_run_start_delay_seconds_count[ {]/ { all += $NF }
      END { printf "%d %d %d %d %d\n", l, s, o, f, all - within }'
    sleep 0.5
  done >"$work/failover-samples"
  curl -sf --max-time 30 "${urls[$survivor]}/metrics" >"$work/failover-metrics.txt"
  PYTHONPATH="$here" python3 - "$work/failover-samples" "$work/failover-metrics.txt" "$killed" "$n" "$isec" >"$row" <<'PY'
import re, sys
from histogram import quantile
samples_path, metrics_path, killed, n, isec = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
samples = [tuple(float(x) for x in l.split()) for l in open(samples_path) if len(l.split()) == 6]
if not samples: sys.exit("no sample of the surviving replica")
base_started, base_ok, base_failed = samples[0][2], samples[0][3], samples[0][4]
led = next((t for t, l, *_ in samples if l == 1), None)
first = next((t for t, l, s, *_ in samples if s > base_started), None)
most = 0  # the most runs begun in one second: every pair of samples at most a second apart
for i, a in enumerate(samples):
    for b in samples[i + 1:]:
        if b[0] - a[0] > 1.0: break
        most = max(most, b[2] - a[2])
# caught up: by the sample from which no more start was over 1 s late (the last overdue run begun);
# a count of runs due would not do, as each late start moves its check's next run as late
late = samples[-1][5]
caught = next((t for t, l, s, o, f, over in samples if led and t >= led and over == late), None) if late else led
buckets = {}  # the survivor's start lateness: only a leader observes, so all of it is from its term
for l in open(metrics_path):
    m = re.match(r'^kuberhealthy_check_run_start_delay_seconds_bucket\{.*le="([^"]+)".*\}\s+(\S+)', l)
    if m:
        le = float("inf") if m.group(1) == "+Inf" else float(m.group(1))
        buckets[le] = buckets.get(le, 0) + float(m.group(2))
bs = sorted(buckets.items()); count = bs[-1][1] if bs else 0
within = next((le for le, c in bs if c >= count), float("nan")) if count else float("nan")
end = samples[-1]
at = lambda t: f"{t - killed:.1f}" if t else "never"
print(f"| {n:,} | {isec // 60}m | {at(led)} | {at(first)} | {most:.0f} | {at(caught)} | {end[2] - base_started:,.0f} "
      f"| {end[3] - base_ok:,.0f} / {end[4] - base_failed:,.0f} | {quantile(buckets, 0.5)[0]:.1f} / {quantile(buckets, 0.99)[0]:.1f}, {'> 300' if within == float('inf') else f'{within:g}'} | {end[0] - killed:.0f} |")
PY
  hc_log "failover: $(cat "$row")"
}

echo "| checks | interval | minutes measured | runs due | runs begun (ratio) | runs finished (ratio) | failures by reason | start lateness p50 ms | p99 ms | leader CPU cores | leader RSS MiB median / max / peak | follower RSS MiB | API requests per run, all (our kinds) | load average |"
echo "|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---|---:|---:|---:|"
exec 9>/tmp/hc-tests.lock
for point in $points; do
  IFS=: read -r n interval mins <<<"$point"
  hc_log "waiting for /tmp/hc-tests.lock"
  flock 9
  run_point "$n" "$interval" "${mins:-$minutes}"
  flock -u 9
done
if [ "$failover" -eq 1 ]; then
  echo
  echo "Failover: the leader SIGKILLed at the end of each point's window, the other replica followed; seconds from the kill (lease duration 15 s)."
  echo
  echo "| checks | interval | took the Lease s | first run begun s | most runs begun in 1 s | caught up s | runs begun since the kill | runs finished ok / failed | its start lateness p50 / p99 s, all within | followed s |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---|---:|"
  cat "$work"/failover-*.md 2>/dev/null || true
fi
