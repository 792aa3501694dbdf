#!/usr/bin/env bash
# The controller holding a fleet of paused khchecks (docs/benchmarks.md, "A fleet of paused
# checks"): start to ready, RSS idle and after serving the pages, page latency, and the API
# requests it makes per minute when nothing is due, for each GC setting given.
#   scripts/bench-fleet.sh [--state DIR] [--checks 2000] [--gc "default server ..."] [--source ROOT]
# ROOT: the checkout whose src/Controller is measured (default this one; another commit's
# worktree compares before and after, the same fleet on the same cluster).
# The controller runs as the image runs it: published self-contained with the framework trimmed
# (scripts/lib-publish.sh), started through its apphost.
# GC settings: default (as shipped: workstation, concurrent, tiered PGO off; src/Controller/Controller.csproj),
# workstation (DOTNET_gcServer=0, for a --source whose default differs), workstation-nonconcurrent
# (DOTNET_gcConcurrent=0), server (DOTNET_gcServer=1, the Web SDK's
# default, with DATAS), server-nodatas (and DOTNET_GCDynamicAdaptationMode=0), conserve
# (DOTNET_GCConserveMemory=5), gen0-4m (DOTNET_GCgen0size=0x400000), pgo (DOTNET_TieredPGO=1, the
# runtime's default, off in the project since 2026-12-07), nopgo (DOTNET_TieredPGO=0, for a --source before that),
# gen0-4m-nopgo (both), arena2 (MALLOC_ARENA_MAX=2: glibc's per-thread malloc arenas, which the
# runtime's native allocations use, capped at two), arena2-nopgo (both), segments (DOTNET_GCName=libclrgc.so:
# the runtime's GC from before regions, shipped beside it), nodyncode (the runtime config says dynamic code is
# not supported: System.Text.Json, DI and Regex use reflection and interpreters instead of IL they emit and
# the JIT compiles), limit64 (DOTNET_GCHeapHardLimit=64 MiB).
# Starts (or reuses) a cluster without nodes in DIR; measures under flock /tmp/hc-tests.lock.
# Needs hey (apt package; installed here), kubectl and python3.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
. "$here/lib-prereqs.sh"
. "$here/lib-publish.sh"
state=/tmp/hc-bench-fleet; checks=2000; source="$root"; gcs="default pgo workstation-nonconcurrent server server-nodatas conserve"
while [ $# -gt 0 ]; do
  case "$1" in
    --state) state="$2"; shift 2 ;; --checks) checks="$2"; shift 2 ;; --gc) gcs="$2"; shift 2 ;; --source) source="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
hc_apt_install hey
work="$(mktemp -d /tmp/hc-bench-fleet.XXXXXX)"
controller_pid=""
cleanup() { [ -n "$controller_pid" ] && kill "$controller_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

kubeconfig="$(bash "$here/local-cluster.sh" up --state "$state" --nodes 0 | tail -n 1)"
. "$state/cluster.env"
k() { kubectl --kubeconfig "$kubeconfig" "$@"; }
# Non-WATCH requests the API server served for pods, events and our kinds: what a controller with nothing due could cost.
api_check_requests() {
  curl -sk -H "Authorization: Bearer $ADMIN_TOKEN" "$APISERVER_URL/metrics" |
    awk '/^apiserver_request_total\{/ && !/verb="WATCH"/ && (/resource="pods"/ || /resource="events"/ || /group="comcast.github.io"/) { s += $NF } END { printf "%d\n", s }'
}

hc_log "publishing the controller as the image has it (self-contained, framework trimmed)"
hc_publish_trimmed "$source/src/Controller" "$work/controller" "$work"
# with_old_gc <dir>: the GC from before regions, which the publish leaves out, from the SDK's own
# runtime (its version must be the runtime pack's: a missing file fails the variant here).
with_old_gc() {
  cp "$(dirname "$(readlink -f "$(command -v dotnet)")")"/shared/Microsoft.NETCore.App/"$(awk -F'"' '/"version"/ { print $4; exit }' "$1/HealthChecks.Controller.runtimeconfig.json")"/libclrgc.so "$1/"
}
# variant_dir <name>: a copy of the published controller for a variant that changes its files.
variant_dir() { rm -rf "$work/$1"; cp -r "$work/controller" "$work/$1"; echo "$work/$1"; }
# set_runtime_option <dir> <name> <value>: a runtime config property, as an MSBuild RuntimeHostConfigurationOption writes it.
set_runtime_option() {
  python3 - "$1/HealthChecks.Controller.runtimeconfig.json" "$2" "$3" <<'PY2'
import json, sys
path, name, value = sys.argv[1:]
config = json.load(open(path))
config["runtimeOptions"].setdefault("configProperties", {})[name] = {"true": True, "false": False}.get(value, value)
json.dump(config, open(path, "w"), indent=2)
PY2
}
for crd in "$root"/crds/*.yaml; do k apply --server-side -f "$crd" >/dev/null; done
ns=bench-fleet
k create namespace "$ns" --dry-run=client -o yaml | k apply -f - >/dev/null

existing="$(k -n "$ns" get khcheck -o name | grep -c . || true)"
if [ "$existing" -ne "$checks" ]; then
  hc_log "creating $checks paused khchecks in $ns (a podSpec the size of the daemonset check's)"
  hc_delete_all "$kubeconfig" "$ns" khcheck
  python3 - "$checks" >"$work/fleet.yaml" <<'PY'
import sys
for i in range(int(sys.argv[1])):
    print(f"""apiVersion: comcast.github.io/v1
kind: KuberhealthyCheck
metadata: {{name: check-{i:05d}, labels: {{team: t{i % 20}}}}}
spec:
  runInterval: 10m
  timeout: 5m
  paused: true
  extraLabels: {{bench: fleet}}
  podSpec:
    serviceAccountName: default
    securityContext: {{runAsNonRoot: true, runAsUser: 999, seccompProfile: {{type: RuntimeDefault}}}}
    containers:
      - name: main
        image: kuberhealthy/daemonset-check:v3.2.5
        imagePullPolicy: IfNotPresent
        env:
          - {{name: CHECK_DAEMONSET_NAME, value: daemonset-{i}}}
          - {{name: CHECK_POD_TIMEOUT, value: 10m}}
          - {{name: DAEMONSET_PRIORITY_CLASS_NAME, value: ""}}
          - {{name: NODE_SELECTOR, value: "kubernetes.io/os=linux"}}
          - name: POD_NAMESPACE
            valueFrom: {{fieldRef: {{fieldPath: metadata.namespace}}}}
        resources:
          requests: {{cpu: 10m, memory: 50Mi}}
          limits: {{cpu: 100m, memory: 100Mi}}
        securityContext: {{allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {{drop: [ALL]}}}}
---""")
PY
  k -n "$ns" create -f "$work/fleet.yaml" >/dev/null
fi

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$controller_pid/status"; }
hwm_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$controller_pid/status"; }
p50_ms() { # p50_ms <path>: median latency of 100 GETs, one at a time, after 20 not timed (the JIT's tiers settle)
  hey -n 20 -c 1 "$url$1" >/dev/null
  hey -n 100 -c 1 "$url$1" >"$work/hey.txt"
  awk '/ 50% in / { printf "%.1f\n", $3 * 1000 }' "$work/hey.txt"
}

run_one() { # run_one <gc setting>
  local gc="$1" env=() started ready idle_rss served_rss hwm before after program_dir="$work/controller"
  case "$gc" in
    default) ;;
    workstation) env=(DOTNET_gcServer=0) ;; # the default now; explicit for builds whose default was Server GC
    workstation-nonconcurrent) env=(DOTNET_gcServer=0 DOTNET_gcConcurrent=0) ;;
    server) env=(DOTNET_gcServer=1) ;;
    server-nodatas) env=(DOTNET_gcServer=1 DOTNET_GCDynamicAdaptationMode=0) ;;
    conserve) env=(DOTNET_GCConserveMemory=5) ;;
    gen0-4m) env=(DOTNET_GCgen0size=0x400000) ;; # a 4 MiB gen0 budget instead of one sized from the cache
    pgo) env=(DOTNET_TieredPGO=1) ;; # the runtime's default: an instrumented tier profiles hot methods first
    nopgo) env=(DOTNET_TieredPGO=0) ;; # no instrumented tier: less JIT work and memory, less tuned code
    gen0-4m-nopgo) env=(DOTNET_GCgen0size=0x400000 DOTNET_TieredPGO=0) ;;
    arena2) env=(MALLOC_ARENA_MAX=2) ;; # glibc makes up to 8 arenas a core, one per thread that mallocs at once
    arena2-nopgo) env=(MALLOC_ARENA_MAX=2 DOTNET_TieredPGO=0) ;;
    segments) program_dir="$(variant_dir segments)"; with_old_gc "$program_dir"; env=(DOTNET_GCName=libclrgc.so) ;;
    nodyncode) program_dir="$(variant_dir nodyncode)"
      set_runtime_option "$program_dir" System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported false ;;
    limit64) env=(DOTNET_GCHeapHardLimit=0x4000000) ;;
    *) echo "unknown GC setting $gc" >&2; exit 2 ;;
  esac
  port="$(hc_free_port)"
  printf 'listenAddress: 127.0.0.1:%s\nlogLevel: warning\n' "$port" >"$work/config.yaml"
  url="http://127.0.0.1:$port"
  started="$(date +%s.%N)"
  env "${env[@]}" KUBECONFIG="$kubeconfig" POD_NAME=bench-0 POD_NAMESPACE="$ns" TARGET_NAMESPACE="$ns" HEALTHCHECKS_SINGLE=1 \
    KH_EXTERNAL_REPORTING_URL="$url/check" \
    "$program_dir/HealthChecks.Controller" --config "$work/config.yaml" >"$work/controller.log" 2>&1 &
  controller_pid=$!
  for _ in $(seq 1 600); do curl -sf "$url/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -sf "$url/readyz" >/dev/null || { echo "the controller did not become ready" >&2; tail -n 30 "$work/controller.log" >&2; exit 1; }
  ready="$(python3 -c "print(f'{$(date +%s.%N) - $started:.1f}')")"
  before="$(api_check_requests)"
  sleep 60
  after="$(api_check_requests)"
  idle_rss=$(( $(rss_kib) / 1024 ))
  local status metrics ui
  status="$(p50_ms /json)"; metrics="$(p50_ms /metrics)"; ui="$(p50_ms /ui)"
  sleep 5
  served_rss=$(( $(rss_kib) / 1024 )); hwm=$(( $(hwm_kib) / 1024 ))
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$gc" "$checks" "$ready" "$idle_rss" "$served_rss" "$hwm" "$status" "$metrics" "$ui" "$((after - before))"
  kill "$controller_pid"; wait "$controller_pid" 2>/dev/null || true; controller_pid=""
}

exec 9>/tmp/hc-tests.lock
hc_log "waiting for /tmp/hc-tests.lock"
flock 9
echo "| GC | checks | start to ready s | RSS idle MiB | RSS after the pages MiB | peak RSS MiB | /json p50 ms | /metrics p50 ms | /ui p50 ms | API requests in 60 s idle |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for gc in $gcs; do run_one "$gc"; done
flock -u 9
