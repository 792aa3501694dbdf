#!/usr/bin/env bash
# The report intake under load (docs/benchmarks.md, "Report intake"): bogus reports answered per
# second and their p99 with wrk (or hey), the API requests they cost the controller (from the API
# server's audit log: none), and valid reports stored per second (each is one khstate write) with
# their latency and the controller's requests meanwhile, against the API server's own pace for
# that write (a plain client PUTting the same khstates, 16 at a time, right after, in the same
# run); then valid reports paced at fractions of that pace (--fractions, default "0.8 0.5 0.25"),
# each followed by the plain client at the same pace, for latency below the ceiling.
#   scripts/bench-intake.sh [--state DIR] [--runs 3] [--seconds 5] [--valid 1000] [--client wrk|hey] [--profile DIR] [--no-bogus]
#                           [--fractions "0.8 0.5 0.25"]
# (--valid 0 measures the bogus reports only, --no-bogus the valid ones only. --profile: while the first run's valid reports are
# taken, the controller's counters (dotnet-counters, counters.csv) and a sampled-thread-time
# trace (dotnet-trace, trace.speedscope.json) go to DIR for 10 s from just before the phase;
# --valid 3000 makes it last about that long.)
# Starts (or reuses) a cluster without nodes in DIR, builds the controller (Release) and runs it
# with the per-source limit as shipped, then raised; measures under flock /tmp/hc-tests.lock.
# wrk (the default) is written in C and takes a fraction of the CPU hey (Go) does: on 2 shared
# cores the load generator's own CPU is taken from the controller it measures.
# Needs wrk or hey (apt packages, installed if missing), kubectl and python3.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
. "$here/lib-prereqs.sh"
state=/tmp/hc-bench-intake; runs=3; seconds=5; valid=1000; client=wrk; profile=""; bogus=1; fractions="0.8 0.5 0.25"
while [ $# -gt 0 ]; do
  case "$1" in
    --state) state="$2"; shift 2 ;; --runs) runs="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;; --valid) valid="$2"; shift 2 ;;
    --client) client="$2"; shift 2 ;; --profile) profile="$2"; shift 2 ;;
    --no-bogus) bogus=0; shift ;; --fractions) fractions="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$client" in wrk|hey) hc_apt_install "$client" ;; *) echo "--client is wrk or hey" >&2; exit 2 ;; esac
work="$(mktemp -d /tmp/hc-bench-intake.XXXXXX)"
controller_pid=""
cleanup() { [ -n "$controller_pid" ] && kill "$controller_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

kubeconfig="$(bash "$here/local-cluster.sh" up --state "$state" --nodes 0 | tail -n 1)"
. "$state/cluster.env"
k() { kubectl --kubeconfig "$kubeconfig" "$@"; }
api_metrics() { curl -sk -H "Authorization: Bearer $ADMIN_TOKEN" "$APISERVER_URL/metrics"; }
# Non-WATCH requests the API server served, summed: what any client cost it (the intake is the only one that grows with the load).
api_requests() { api_metrics | awk '/^apiserver_request_total\{/ && !/verb="WATCH"/ { s += $NF } END { printf "%d\n", s }'; }
# controller_requests <from> <to> (epoch seconds): the controller's requests for pods, Events and our
# kinds in that window, from the API server's audit log (see local-cluster.sh): "count (kinds)".
controller_requests() {
  sleep 1 # an audit event is written as its request completes
  python3 - "$state/logs" "$1" "$2" <<'PY'
import collections, datetime, glob, json, sys
logs, start, end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
kinds = collections.Counter()
if not glob.glob(logs + "/audit.log"): sys.exit(print("unknown (no audit log: a cluster started by an older local-cluster.sh; down and up again)"))
for path in glob.glob(logs + "/audit*.log"):
    for line in open(path, errors="replace"):
        try: e = json.loads(line)
        except ValueError: continue
        if not e.get("userAgent", "").startswith("HealthChecks.Controller/"): continue
        at = datetime.datetime.fromisoformat(e["requestReceivedTimestamp"].replace("Z", "+00:00")).timestamp()
        if start <= at <= end:
            o = e.get("objectRef", {})
            kinds[f'{e["verb"]} {o.get("resource", "-")}{"/" + o["subresource"] if o.get("subresource") else ""} {e.get("responseStatus", {}).get("code", 0)}'] += 1
print(sum(kinds.values()), "(" + (", ".join(f"{k}: {v}" for k, v in sorted(kinds.items())) or "none") + ")")
PY
}

# Where the CPU went during a phase: cpu_ticks before, cpu_ticks after, then cpu_split <before> <after> <from> <to>.
# Writes etcd made (etcd_mvcc_put_total): a phase's writes reached the disk, none was a no-op.
etcd_puts() { curl -s "$ETCD_URL/metrics" | awk '/^etcd_mvcc_put_total/ { print $2 }'; }
ticks_of() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
cpu_ticks() { echo "$(ticks_of "$(cat "$state/pids/apiserver.pid")") $(ticks_of "$(cat "$state/pids/etcd.pid")") $(ticks_of "$controller_pid")"; }
cpu_split() {
  awk -v b="$1" -v a="$2" -v s="$(awk -v f="$3" -v t="$4" 'BEGIN { print t - f }')" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    split(b, x, " "); split(a, y, " ")
    printf "CPU in cores: API server %.2f, etcd %.2f, controller %.2f", (y[1] - x[1]) / hz / s, (y[2] - x[2]) / hz / s, (y[3] - x[3]) / hz / s }'
}

hc_log "building the controller (Release)"
dotnet build "$root/src/Controller" -c Release -nologo -v quiet -o "$work/controller" >"$work/build.log" 2>&1 || { tail -n 20 "$work/build.log" >&2; exit 1; }
for crd in "$root"/crds/*.yaml; do k apply -f "$crd" >/dev/null; done
ns=bench-intake
k create namespace "$ns" --dry-run=client -o yaml | k apply -f - >/dev/null

start_controller() { # start_controller <per-source limit>
  [ -n "$controller_pid" ] && { kill "$controller_pid"; wait "$controller_pid" 2>/dev/null || true; }
  port="$(hc_free_port)"
  # Runs start as fast as the API server lets them and all of them at once (20/s and 500 in flight
  # as shipped), so the valid runs are ready sooner and --valid above 500 means what it says.
  printf 'listenAddress: 127.0.0.1:%s\nmaxReportsPerSourcePerSecond: %s\nmaxRunStartsPerSecond: 1000\nmaxConcurrentRuns: 100000\nlogLevel: error\n' "$port" "$1" >"$work/config.yaml"
  KUBECONFIG="$kubeconfig" POD_NAME=bench-0 POD_NAMESPACE="$ns" TARGET_NAMESPACE="$ns" HEALTHCHECKS_SINGLE=1 \
    KH_EXTERNAL_REPORTING_URL="http://127.0.0.1:$port/check" \
    dotnet "$work/controller/HealthChecks.Controller.dll" --config "$work/config.yaml" >"$work/controller.log" 2>&1 &
  controller_pid=$!
  url="http://127.0.0.1:$port"
  for _ in $(seq 1 120); do curl -sf "$url/readyz" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "the controller did not become ready" >&2; tail -n 30 "$work/controller.log" >&2; exit 1
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# flood <seconds> <uuid header> <body>: 32 connections posting the same report for that long;
# prints "rate p99-ms answers". Runs are timed, not counted: with a count (hey -n), hey stalled
# here for minutes on the unknown-run case, whose 16 waiting reports hold a connection 2 s each.
flood() {
  local seconds="$1" uuid="$2" body="$3"
  if [ "$client" = hey ]; then
    hey -z "${seconds}s" -c 32 -m POST -H "kh-run-uuid: $uuid" -T application/json -d "$body" "$url/check" >"$work/load.txt"
    printf '%s %s %s\n' "$(awk '/Requests\/sec:/ { print $2 }' "$work/load.txt")" \
      "$(awk '/ 99% in / { printf "%.2f", $3 * 1000 }' "$work/load.txt")" \
      "$(awk '/Status code distribution:/ { on = 1; next } on && /\[[0-9]+\]/ { printf "%s%s%s", sep, $1, $2; sep = "," }' "$work/load.txt")"
  else
    # One wrk thread: it keeps 32 connections busy at well over the controller's pace on one core.
    # --timeout 1s: up to 16 reports for a run the cache has not seen wait 2 s for it by design;
    # wrk counts them as timeouts (printed) and leaves them out of the percentiles. With a timeout
    # at or above 2 s its percentiles came out impossible for per-request figures (p75 242 ms over
    # 134,000 answers on 32 connections in 5 s), so the refusals' p99 is taken without them.
    python3 -c 'import json, sys; print("wrk.method = \"POST\"\nwrk.body = " + json.dumps(sys.argv[2]) + "\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.headers[\"kh-run-uuid\"] = " + json.dumps(sys.argv[1]))' \
      "$uuid" "$body" >"$work/post.lua"
    wrk -t 1 -c 32 -d "${seconds}s" --timeout 1s --latency -s "$work/post.lua" "$url/check" >"$work/load.txt"
    # wrk prints latency with a unit (us, ms, s) and no status codes: the answer is asked once with
    # curl after the flood (so with the per-source limit it is the answer of a report let through).
    printf '%s %s %s\n' "$(awk '/Requests\/sec:/ { print $2 }' "$work/load.txt")" \
      "$(awk '$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v); printf "%.2f", v * (u == "us" ? 0.001 : u == "s" ? 1000 : 1) }' "$work/load.txt")" \
      "$(curl -s -o /dev/null -w '[%{http_code}]' -m 5 -X POST -H "kh-run-uuid: $uuid" -H 'Content-Type: application/json' -d "$body" "$url/check"),waited-past-1s:$(awk '/Socket errors:/ { print $NF; f = 1 } END { if (!f) print 0 }' "$work/load.txt")"
  fi
}

bogus() { # bogus <label> <uuid header> <body>: $runs timed floods; prints medians of rate and p99 (ms) and the API requests
  local label="$1" uuid="$2" body="$3" rates=() p99s=() codes="" before after kinds_before kinds_after result
  flood 2 "$uuid" "$body" >/dev/null # warm-up
  before="$(api_requests)"; from="$(date +%s.%N)"
  for _ in $(seq 1 "$runs"); do
    read -r rate p99 codes <<<"$(flood "$seconds" "$uuid" "$body")"
    rates+=("$rate"); p99s+=("$p99")
  done
  after="$(api_requests)"; to="$(date +%s.%N)"
  printf '%s: %s/s (runs: %s), p99 %s ms (runs: %s); answers (%s): %s; API requests during the runs: %s by all clients, %s by the controller\n' \
    "$label" "$(printf '%s\n' "${rates[@]}" | median)" "${rates[*]}" "$(printf '%s\n' "${p99s[@]}" | median)" "${p99s[*]}" "$client" "$codes" \
    "$((after - before))" "$(controller_requests "$from" "$to")"
}

# valid_runs [COUNT]: creates COUNT ($valid) khchecks whose pods never run, so their runs wait for a
# report until the timeout. The pods name a scheduler that does not exist: the default scheduler
# would mark each unschedulable and retry all of them every minute, each retry an Event write
# (the audit log showed 2,300 in the 20 s after a minute), which competed with the reports.
# The last set's checks, states and pods (which the garbage collector deletes in the background)
# are gone first, for the same reason.
valid_runs() {
  local count="${1:-$valid}"
  hc_delete_all "$kubeconfig" "$ns" khcheck
  hc_delete_all "$kubeconfig" "$ns" khstate
  hc_delete_all "$kubeconfig" "$ns" pod
  for i in $(seq 1 "$count"); do
    printf 'apiVersion: comcast.github.io/v1\nkind: KuberhealthyCheck\nmetadata: {name: c%s}\nspec:\n  runInterval: 1h\n  timeout: 10m\n  podSpec:\n    schedulerName: healthchecks-bench-none\n    containers: [{name: main, image: busybox:1.36}]\n---\n' "$i"
  done | k -n "$ns" apply -f - >/dev/null
  for _ in $(seq 1 240); do
    k -n "$ns" get khstate -o jsonpath='{range .items[*]}{.spec.uuid}{"\n"}{end}' | grep -c . >"$work/count" || true
    [ "$(cat "$work/count")" -ge "$count" ] && break; sleep 0.5
  done
  k -n "$ns" get khstate -o jsonpath='{range .items[*]}{.spec.uuid}{"\n"}{end}' | grep . >"$work/uuids"
  # A run's khstate is written before its pod is created: the last pods are still being created.
  for _ in $(seq 1 240); do
    [ "$(k -n "$ns" get pods -o name | grep -c .)" -ge "$count" ] && break; sleep 0.5
  done
  settle
}

# settle: waits (at most 30 s) until the API server and etcd are quiet, together under 0.15 core for
# a second: what creating the runs set off (etcd's batched commits, watch fan-out, the controller-
# manager's bookkeeping) is not measured as part of the next phase.
settle() {
  local hz before after
  hz="$(getconf CLK_TCK)"
  for _ in $(seq 1 30); do
    before=$(( $(ticks_of "$(cat "$state/pids/apiserver.pid")") + $(ticks_of "$(cat "$state/pids/etcd.pid")") ))
    sleep 1
    after=$(( $(ticks_of "$(cat "$state/pids/apiserver.pid")") + $(ticks_of "$(cat "$state/pids/etcd.pid")") ))
    [ $(( (after - before) * 100 / hz )) -lt 15 ] && return 0
  done
}

# post_many reports|ceiling [RATE]: one request per run in flight, 16 at a time over keep-alive
# connections; prints done/s, seconds, latency p50 and p99, and the answers. With RATE the requests
# are paced at that many a second, and latency counts from when each was due (a request held up
# by an earlier slow one counts its wait).
#   reports: a valid report to the controller for each run (one khstate write each)
#   ceiling: the API server's own pace for that write: a plain client PUTs the same khstates
post_many() {
  python3 - "$1" "$url" "$work/uuids" "$APISERVER_URL" "$ADMIN_TOKEN" "$ns" "${2:-0}" <<'PY'
import datetime, http.client, json, os, random, ssl, sys, threading, time, urllib.parse
mode, url, uuids_file, api, token, ns, rate = *sys.argv[1:7], float(sys.argv[7])
context = ssl._create_unverified_context()  # loopback, the cluster's own self-signed CA
if mode == "reports":
    target = urllib.parse.urlparse(url)
    connect = lambda: http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    work_items = [l.strip() for l in open(uuids_file) if l.strip()]
    def request(c, uuid):
        c.request("POST", "/check", body=b'{"OK":true,"Errors":[]}', headers={"kh-run-uuid": uuid, "Content-Type": "application/json"})
else:
    target = urllib.parse.urlparse(api)
    connect = lambda: http.client.HTTPSConnection(target.hostname, target.port, context=context, timeout=30)
    path = f"/apis/comcast.github.io/v1/namespaces/{ns}/khstates"
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    c = connect(); c.request("GET", path, headers=headers); work_items = json.loads(c.getresponse().read())["items"]
    def request(c, item):
        # A real change, as storing a result is: a field of the schema (a field outside it is pruned,
        # and an unchanged object is never written to etcd: such a "ceiling" measured no-op PUTs),
        # with a value of its own each time.
        item["spec"]["LastRun"] = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=random.randrange(1, 10**6))).strftime("%Y-%m-%dT%H:%M:%SZ")
        c.request("PUT", f"{path}/{item['metadata']['name']}", body=json.dumps(item), headers=headers)
codes, lock, it, took_ms = {}, threading.Lock(), iter(enumerate(work_items)), []
def work():
    c = connect()
    while True:
        with lock:
            i, item = next(it, (0, None))
        if item is None: return
        started = time.monotonic()
        if rate > 0:
            started = t0 + i / rate
            time.sleep(max(0.0, started - time.monotonic()))
        request(c, item)
        r = c.getresponse(); r.read()
        with lock: codes[r.status] = codes.get(r.status, 0) + 1; took_ms.append((time.monotonic() - started) * 1000)
t0 = time.monotonic() + 0.1
ts = [threading.Thread(target=work) for _ in range(16)]
[t.start() for t in ts]; [t.join() for t in ts]
took = time.monotonic() - t0
took_ms.sort()
cpu = os.times()
print(f"{codes.get(200, 0) / took:.0f} {took:.2f} p50 {took_ms[len(took_ms) // 2]:.1f} ms p99 {took_ms[int(len(took_ms) * 0.99)]:.1f} ms {codes} (client CPU {(cpu.user + cpu.system) / took:.2f} cores)")
PY
}

exec 9>/tmp/hc-tests.lock
hc_log "waiting for /tmp/hc-tests.lock"
flock 9
if [ "$bogus" = 1 ]; then
  hc_log "the per-source limit as shipped (50/s)"
  start_controller 50
  bogus "unknown run, one source, limit 50/s (429)" "$(python3 -c 'import uuid; print(uuid.uuid4())')" '{"OK":true,"Errors":[]}'
fi
hc_log "the per-source limit raised (1,000,000/s)"
start_controller 1000000
if [ "$bogus" = 1 ]; then
  bogus "not a run id (400)" "not-a-run" '{"OK":true,"Errors":[]}'
  bogus "malformed body (400)" "$(python3 -c 'import uuid; print(uuid.uuid4())')" '{"OK":'
  bogus "unknown run (503: 16 wait 2 s, the rest refused at once)" "$(python3 -c 'import uuid; print(uuid.uuid4())')" '{"OK":true,"Errors":[]}'
fi
stored=(); ceiling=()
[ "$valid" -gt 0 ] || { flock -u 9; exit 0; } # --valid 0: the bogus reports only
# Warm-up, untimed: the store path's code is compiled and tuned on 300 reports first, as in a
# controller that has run for a while (the first timed run was otherwise the slowest by far).
valid_runs 300
post_many reports >/dev/null
for run in $(seq 1 "$runs"); do
  valid_runs
  # In the same run, on the same khstates: ours, then the API server's pace for the write alone.
  # Not the other way round: the plain client's writes would reach the controller's cache by watch
  # only after some of its reports, whose writes would then conflict (409, a GET, a second PUT).
  profiling=()
  if [ -n "$profile" ] && [ "$run" = 1 ]; then
    mkdir -p "$profile"
    "$HOME/.dotnet/tools/dotnet-counters" collect -p "$controller_pid" --format csv -o "$profile/counters.csv" --refresh-interval 1 --duration 00:00:00:12 \
      --counters System.Runtime,System.Net.Http,Microsoft.AspNetCore.Hosting,Microsoft-AspNetCore-Server-Kestrel >"$work/counters.log" 2>&1 &
    profiling+=($!)
    "$HOME/.dotnet/tools/dotnet-trace" collect -p "$controller_pid" --profile dotnet-sampled-thread-time --format speedscope \
      --duration 00:00:00:10 -o "$profile/trace.nettrace" >"$work/trace.log" 2>&1 &
    profiling+=($!)
    sleep 3 # both attached
  fi
  from="$(date +%s.%N)"; cpu_before="$(cpu_ticks)"; puts_before="$(etcd_puts)"
  result="$(post_many reports)"
  to="$(date +%s.%N)"; cpu_after="$(cpu_ticks)"; puts_after="$(etcd_puts)"
  # Both stop by themselves (a background job ignores SIGINT here): the phase should fill their time.
  for p in "${profiling[@]}"; do wait "$p" 2>/dev/null || true; done
  stored+=("${result%% *}")
  echo "valid reports, run $run: $(wc -l <"$work/uuids") runs in flight; stored/s, seconds, latency, answers: $result; etcd writes $((puts_after - puts_before)); $(cpu_split "$cpu_before" "$cpu_after" "$from" "$to"); the controller's API requests meanwhile: $(controller_requests "$from" "$to")"
  settle
  from="$(date +%s.%N)"; cpu_before="$(cpu_ticks)"; puts_before="$(etcd_puts)"
  limit="$(post_many ceiling)"
  to="$(date +%s.%N)"; cpu_after="$(cpu_ticks)"; puts_after="$(etcd_puts)"
  ceiling+=("${limit%% *}")
  echo "API server's ceiling, run $run: $(wc -l <"$work/uuids") khstate PUTs by a plain client, 16 at a time; written/s, seconds, latency, answers: $limit; etcd writes $((puts_after - puts_before)); $(cpu_split "$cpu_before" "$cpu_after" "$from" "$to")"
  # Below the ceiling: fresh runs, reports paced at each fraction of the pace the API server just
  # showed, then the plain client's PUTs at that pace (the API server's own latency there, what
  # the reports' latency stands on).
  for fraction in $fractions; do
    valid_runs
    pace="$(awk -v c="${limit%% *}" -v f="$fraction" 'BEGIN { printf "%d", c * f }')"
    from="$(date +%s.%N)"
    result="$(post_many reports "$pace")"
    to="$(date +%s.%N)"
    echo "valid reports paced at ${pace}/s ($(awk -v f="$fraction" 'BEGIN { printf "%d", f * 100 }') % of the ceiling), run $run: $(wc -l <"$work/uuids") runs in flight; stored/s, seconds, latency from when due, answers: $result; the controller's API requests meanwhile: $(controller_requests "$from" "$to")"
    settle
    echo "plain client's PUTs paced at ${pace}/s, run $run: written/s, seconds, latency from when due, answers: $(post_many ceiling "$pace")"
  done
done
echo "valid reports: median $(printf '%s\n' "${stored[@]}" | median) stored/s (runs: ${stored[*]}) against the API server's $(printf '%s\n' "${ceiling[@]}" | median) written/s (runs: ${ceiling[*]})"
flock -u 9
