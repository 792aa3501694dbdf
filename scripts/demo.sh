#!/usr/bin/env bash
# Runs the product locally in one command: prerequisites, build, the local control plane with the
# node simulator (3 nodes), our CRDs and the default checks (daemonset, deployment,
# dns-status-internal), and two controller replicas started out of cluster, as the chart runs them:
# leader election on one Lease (kuberhealthy/healthchecks-controller), each replica on its own port.
# It prints where to look, each on a line of its own:
#   Status page: http://127.0.0.1:<port>/
#   Second replica: http://127.0.0.1:<port>/
#   KUBECONFIG=<path>
# and keeps running until Ctrl-C or SIGTERM, when it stops both replicas and the cluster and
# leaves no process behind. A replica that exits (try `kill <pid>` on the leader: the other takes
# over within about 15 s) is reported; the demo ends when none is left.
#
# Each replica gives checker pods its own URL to report to (KH_EXTERNAL_REPORTING_URL), so a run
# reports to the leader that started it. In a cluster the Service spreads reports over every
# replica; here that would take a proxy, and any replica stores any run's report anyway.
#
# Knobs: HC_DEMO_STATE (cluster state folder, default /tmp/healthchecks-demo), HC_DEMO_PORT (the
# first replica's port; default the first free one from 8080; the second takes the next free one),
# HC_DEMO_NODES (default 3).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
. "$here/lib-prereqs.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

state="${HC_DEMO_STATE:-/tmp/healthchecks-demo}"
nodes="${HC_DEMO_NODES:-3}"
build_log="${TMPDIR:-/tmp}/healthchecks-demo-build.log"
command -v dotnet >/dev/null || { echo "dotnet (the .NET 10 SDK) is required and not on PATH" >&2; exit 1; }

# Prerequisites and the control plane binaries (built once, about 5 to 12 minutes; then cached).
bash "$here/local-cluster.sh" build

hc_log "building the controller, the node simulator and the three checks (log: $build_log)"
: >"$build_log"
for project in src/Controller tools/LocalCluster src/Checks.Daemonset src/Checks.Deployment src/Checks.Dns; do
  dotnet build "$root/$project" -c Debug -nologo -v quiet >>"$build_log" 2>&1 \
    || { grep -E ' error ' "$build_log" | sort -u | head -n 20 >&2; echo "build of $project failed (see $build_log)" >&2; exit 1; }
done

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# next_free_port FROM: the first free port from FROM on (within 100), or nothing.
next_free_port() {
  local candidate
  for candidate in $(seq "$1" $(($1 + 100))); do port_is_free "$candidate" && { echo "$candidate"; return 0; }; done
  return 1
}
port="${HC_DEMO_PORT:-}"
if [ -z "$port" ]; then
  port="$(next_free_port 8080)" || { echo "no free port in 8080-8180; set HC_DEMO_PORT" >&2; exit 1; }
elif ! port_is_free "$port"; then
  echo "port $port (HC_DEMO_PORT) is in use" >&2; exit 1
fi

# Two replicas, as the chart's Deployment: names (POD_NAME, the Lease identity), ports, pids.
names=(healthchecks-demo-0 healthchecks-demo-1)
ports=()
pids=()
gone=()   # 1 once a replica's exit was reported
stop() {
  # A second Ctrl-C or TERM (a supervisor forwarding it) must not cut the cleanup short;
  # each step bounds its own wait.
  trap '' INT TERM
  trap - EXIT
  [ -n "${sleeper:-}" ] && kill "$sleeper" 2>/dev/null
  local pid running=()
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && running+=("$pid"); done
  if [ "${#running[@]}" -gt 0 ]; then
    # Both at once: the leader hands the Lease back as it stops, and the other is stopping too.
    hc_log "stopping the controller replicas"
    kill -TERM "${running[@]}" 2>/dev/null || true
    for _ in $(seq 1 75); do
      running=()
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && running+=("$pid"); done
      [ "${#running[@]}" -eq 0 ] && break
      sleep 0.2
    done
    [ "${#running[@]}" -gt 0 ] && kill -KILL "${running[@]}" 2>/dev/null || true
  fi
  hc_log "stopping the local cluster (checker processes included)"
  bash "$here/local-cluster.sh" down --state "$state" --purge >/dev/null 2>&1 || true
  hc_log "stopped"
}
trap stop EXIT
trap 'exit 0' INT TERM

# A leftover demo cluster (a killed earlier run) is purged, so every demo starts empty.
bash "$here/local-cluster.sh" down --state "$state" --purge >/dev/null 2>&1 || true
kubeconfig="$(bash "$here/local-cluster.sh" up --state "$state" --nodes "$nodes" | tail -n 1)"

apply() {  # apply FILE...: retried while the API server does not serve a kind yet (new CRDs)
  local attempt
  for attempt in $(seq 1 30); do
    dotnet "$root/tools/LocalCluster/bin/Debug/net10.0/HealthChecks.LocalCluster.dll" apply --kubeconfig "$kubeconfig" "$@" \
      >>"$state/logs/demo-apply.log" 2>&1 && return 0
    sleep 1
  done
  echo "kubectl-style apply of $* failed; see $state/logs/demo-apply.log" >&2
  return 1
}
hc_log "installing the CRDs (crds/) and the default checks (scripts/demo/default-checks.yaml)"
apply "$root"/crds/*.yaml
apply "$here/demo/default-checks.yaml"

log_of() { echo "$state/logs/controller-$1.log"; }

# start_replica I: starts replica I on ports[I] and waits until it serves /healthz. The port can be
# taken between the check above and the bind (another demo starting): then the next free one is
# tried, a few times, unless HC_DEMO_PORT fixed it (for the first replica).
start_replica() {
  local i=$1 attempt port pid log
  port="${ports[$i]}"
  log="$(log_of "$i")"
  for attempt in 1 2 3 4 5; do
    hc_log "starting controller replica ${names[$i]} on 127.0.0.1:$port (log: $log)"
    printf 'listenAddress: 127.0.0.1:%s\nlogLevel: info\n' "$port" >"$state/controller-$i.yaml"
    KUBECONFIG="$kubeconfig" POD_NAMESPACE=kuberhealthy POD_NAME="${names[$i]}" \
      KH_EXTERNAL_REPORTING_URL="http://127.0.0.1:$port/externalCheckStatus" \
      dotnet "$root/src/Controller/bin/Debug/net10.0/HealthChecks.Controller.dll" --config "$state/controller-$i.yaml" \
      >"$log" 2>&1 &
    pid=$!
    pids[$i]=$pid
    for _ in $(seq 1 120); do
      curl -sf --max-time 2 "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      ports[$i]=$port
      return 0
    fi
    if { [ "$i" -gt 0 ] || [ -z "${HC_DEMO_PORT:-}" ]; } && grep -q 'address already in use' "$log"; then
      port="$(next_free_port $((port + 1 + RANDOM % 20)))" || break
      continue
    fi
    tail -n 30 "$log" >&2; echo "controller replica ${names[$i]} exited" >&2; exit 1
  done
  echo "no free port for controller replica ${names[$i]}" >&2; exit 1
}
ports[0]=$port
start_replica 0
ports[1]="$(next_free_port $((ports[0] + 1)))" || { echo "no free port for the second replica" >&2; exit 1; }
start_replica 1

echo "Status page: http://127.0.0.1:${ports[0]}/"
echo "Second replica: http://127.0.0.1:${ports[1]}/"
echo "KUBECONFIG=$kubeconfig"
echo "Checks: kubectl --kubeconfig $kubeconfig get khcheck,khstate -A   Leader: kubectl --kubeconfig $kubeconfig -n kuberhealthy get lease healthchecks-controller"
echo "Replicas: ${names[0]} (pid ${pids[0]}), ${names[1]} (pid ${pids[1]})   Press Ctrl-C to stop."

# reap_exited: reports each replica that has exited since the last call; false when none is left.
reap_exited() {
  local i left=0
  for i in "${!pids[@]}"; do
    if kill -0 "${pids[$i]}" 2>/dev/null; then
      left=$((left + 1))
    elif [ -z "${gone[$i]:-}" ]; then
      gone[$i]=1
      tail -n 10 "$(log_of "$i")" >&2
      echo "controller replica ${names[$i]} (pid ${pids[$i]}) exited; see $(log_of "$i")" >&2
    fi
  done
  [ "$left" -gt 0 ]
}

# Say once when every default check has passed (the status page's top-level OK with 3 results),
# and which replica leads.
started=$SECONDS
while [ $((SECONDS - started)) -lt 600 ]; do
  status="$(curl -sf --max-time 5 "http://127.0.0.1:${ports[0]}/json" 2>/dev/null || curl -sf --max-time 5 "http://127.0.0.1:${ports[1]}/json" 2>/dev/null || true)"
  if [ -n "$status" ] && jq -e '.OK == true and ([.CheckDetails[] | select(.uuid != "" and (.LastRun // "") != "")] | length) >= 3' >/dev/null 2>&1 <<<"$status"; then
    hc_log "all default checks OK, $((SECONDS - started)) s after the controllers started (leader: $(jq -r '.CurrentMaster // "none"' <<<"$status"))"
    break
  fi
  reap_exited || { echo "no controller replica is left" >&2; exit 1; }
  sleep 2
done

# Until Ctrl-C or TERM (the short sleeps keep the traps prompt), or until no replica is left.
while reap_exited; do sleep 2 & sleeper=$!; wait "$sleeper" || true; done
echo "no controller replica is left" >&2
exit 1
