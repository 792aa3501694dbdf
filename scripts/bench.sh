#!/usr/bin/env bash
# Every benchmark of docs/benchmarks.md in one command, on local clusters of its own; prints each
# benchmark's table as it finishes and keeps the full outputs.
#   scripts/bench.sh [--quick] [--out DIR] [--only "pages fleet intake load checkers"]
#   --quick  shorter load points (3 minutes; 100 and 1,000 checks only) and 3 timed runs elsewhere
#   DIR      where each benchmark's full output goes (default artifacts/bench/<date>)
# Benchmarks (each also runs alone; see its header):
#   pages     /json, /ui, /metrics at 100, 1,000 and 10,000 checks (tests/Controller.Benchmarks)
#   fleet     a fleet of paused khchecks: start to ready, RSS, page latency and idle API requests,
#             2,000 checks per GC setting, then 10,000 as shipped (scripts/bench-fleet.sh)
#   intake    bogus reports refused per second and their p99, valid reports stored per second
#             against the API server's own ceiling (scripts/bench-intake.sh)
#   load      two replicas running 100, 1,000 and 10,000 checks for real: lateness, CPU, RSS, API
#             requests per run; then the leader SIGKILLed and the other replica's take-over and
#             paced catch-up followed (scripts/bench-load.sh --failover)
#   checkers  checker images: size, start to report, CPU and peak RSS per build (scripts/bench-checker-images.sh)
# Takes about 100 minutes (estimated; --quick measured 46 before the failovers, which add about 3 a load point) on 2 cores. Measurements hold /tmp/hc-tests.lock, so a
# test run on the same machine waits instead of skewing them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
. "$here/lib-prereqs.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

quick=0; out="$root/artifacts/bench/$(date +%Y%m%d-%H%M%S)"; only="pages fleet intake load checkers"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --out) out="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
# Two clusters: the node-less one serves what needs no pods to run (fleet, intake; the checkers
# get one node last, for its cluster DNS); the load benchmark needs simulated nodes.
quiet_state=/tmp/hc-bench-quiet; nodes_state=/tmp/hc-bench-nodes
cleanup() {
  bash "$here/local-cluster.sh" down --state "$quiet_state" --purge >/dev/null 2>&1 || true
  bash "$here/local-cluster.sh" down --state "$nodes_state" --purge >/dev/null 2>&1 || true
}
trap cleanup EXIT

runs=31; intake_runs=3; load_points="100:1m 1000:1m 10000:10m"; load_minutes=10; checker_runs=5
if [ "$quick" -eq 1 ]; then runs=11; intake_runs=2; load_points="100:1m 1000:1m"; load_minutes=3; checker_runs=3; fi

wanted() { [[ " $only " == *" $1 "* ]]; }
run() { # run <name> <command...>: the command's output to $out/<name>.txt; its tables shown
  local name="$1"; shift
  hc_log "benchmark $name: $*"
  local started=$SECONDS
  if ! "$@" >"$out/$name.txt" 2>"$out/$name.log"; then
    echo "benchmark $name failed; the last lines of its log:" >&2
    tail -n 20 "$out/$name.log" >&2
    return 1
  fi
  printf '\n## %s (%d s)\n\n' "$name" $((SECONDS - started))
  grep -E '^\|' "$out/$name.txt" || cat "$out/$name.txt"
}

failed=()
if wanted pages; then
  run pages dotnet run -c Release --project "$root/tests/Controller.Benchmarks" -- 100 1000 10000 --runs "$runs" || failed+=(pages)
fi
if wanted fleet; then
  run fleet-2000 bash "$here/bench-fleet.sh" --state "$quiet_state" --checks 2000 || failed+=(fleet-2000)
  run fleet-10000 bash "$here/bench-fleet.sh" --state "$quiet_state" --checks 10000 --gc default || failed+=(fleet-10000)
fi
if wanted intake; then
  run intake bash "$here/bench-intake.sh" --state "$quiet_state" --runs "$intake_runs" || failed+=(intake)
fi
if wanted load; then
  run load bash "$here/bench-load.sh" --state "$nodes_state" --points "$load_points" --minutes "$load_minutes" --failover || failed+=(load)
fi
if wanted checkers; then
  # One simulated node: the cluster DNS the DNS check resolves against runs with the simulator.
  bash "$here/local-cluster.sh" up --state "$quiet_state" --nodes 1 >/dev/null
  run checkers bash "$here/bench-checker-images.sh" --state "$quiet_state" --runs "$checker_runs" || failed+=(checkers)
fi

echo
echo "full outputs in $out"
[ ${#failed[@]} -eq 0 ] || { echo "failed: ${failed[*]}" >&2; exit 1; }
