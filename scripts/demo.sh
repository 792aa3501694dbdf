#!/usr/bin/env bash
# Runs the product locally in one command: prerequisites, build, the local control plane with the
# node simulator (3 nodes), our CRDs and the default checks (daemonset, deployment,
# dns-status-internal), and the controller, started out of cluster. It prints where to look, each
# on a line of its own:
#   Status page: http://127.0.0.1:<port>/
#   KUBECONFIG=<path>
# and keeps running until Ctrl-C or SIGTERM, when it stops the controller and the cluster and
# leaves no process behind.
#
# Knobs: HC_DEMO_STATE (cluster state folder, default /tmp/healthchecks-demo), HC_DEMO_PORT (the
# controller's port; default the first free one from 8080), HC_DEMO_NODES (default 3).
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
port="${HC_DEMO_PORT:-}"
if [ -z "$port" ]; then
  for candidate in $(seq 8080 8180); do port_is_free "$candidate" && { port="$candidate"; break; }; done
  [ -n "$port" ] || { echo "no free port in 8080-8180; set HC_DEMO_PORT" >&2; exit 1; }
elif ! port_is_free "$port"; then
  echo "port $port (HC_DEMO_PORT) is in use" >&2; exit 1
fi

controller_pid=""
stop() {
  # A second Ctrl-C or TERM (a supervisor forwarding it) must not cut the cleanup short;
  # each step bounds its own wait.
  trap '' INT TERM
  trap - EXIT
  [ -n "${sleeper:-}" ] && kill "$sleeper" 2>/dev/null
  if [ -n "$controller_pid" ] && kill -0 "$controller_pid" 2>/dev/null; then
    hc_log "stopping the controller"
    kill -TERM "$controller_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$controller_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$controller_pid" 2>/dev/null || true
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

# The port can be taken between the check above and the bind (another demo starting): then the
# next free one is tried, a few times, unless HC_DEMO_PORT fixed it.
for attempt in 1 2 3 4 5; do
  hc_log "starting the controller on 127.0.0.1:$port (log: $state/logs/controller.log)"
  printf 'listenAddress: 127.0.0.1:%s\nlogLevel: info\n' "$port" >"$state/controller.yaml"
  KUBECONFIG="$kubeconfig" POD_NAMESPACE=kuberhealthy \
    KH_EXTERNAL_REPORTING_URL="http://127.0.0.1:$port/externalCheckStatus" \
    dotnet "$root/src/Controller/bin/Debug/net10.0/HealthChecks.Controller.dll" --single --config "$state/controller.yaml" \
    >"$state/logs/controller.log" 2>&1 &
  controller_pid=$!
  for _ in $(seq 1 120); do
    curl -sf --max-time 2 "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    kill -0 "$controller_pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -0 "$controller_pid" 2>/dev/null && break
  if [ -z "${HC_DEMO_PORT:-}" ] && grep -q 'address already in use' "$state/logs/controller.log"; then
    port=$((port + 1 + RANDOM % 20))
    continue
  fi
  tail -n 30 "$state/logs/controller.log" >&2; echo "the controller exited" >&2; exit 1
done
kill -0 "$controller_pid" 2>/dev/null || { echo "no free port for the controller" >&2; exit 1; }

echo "Status page: http://127.0.0.1:$port/"
echo "KUBECONFIG=$kubeconfig"
echo "Checks: kubectl --kubeconfig $kubeconfig get khcheck,khstate -A   Press Ctrl-C to stop."

# Say once when every default check has passed (the status page's top-level OK with 3 results).
started=$SECONDS
while [ $((SECONDS - started)) -lt 600 ]; do
  status="$(curl -sf --max-time 5 "http://127.0.0.1:$port/json" 2>/dev/null || true)"
  if [ -n "$status" ] && jq -e '.OK == true and ([.CheckDetails[] | select(.uuid != "" and (.LastRun // "") != "")] | length) >= 3' >/dev/null 2>&1 <<<"$status"; then
    hc_log "all default checks OK, $((SECONDS - started)) s after the controller started"
    break
  fi
  kill -0 "$controller_pid" 2>/dev/null || { tail -n 30 "$state/logs/controller.log" >&2; echo "the controller exited" >&2; exit 1; }
  sleep 2
done

while kill -0 "$controller_pid" 2>/dev/null; do sleep 3600 & sleeper=$!; wait "$sleeper" || true; done
echo "the controller exited; see $state/logs/controller.log" >&2
exit 1
