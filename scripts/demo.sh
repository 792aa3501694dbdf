#!/usr/bin/env bash
# Runs the product locally in one command. Today (the controller is not built yet) it brings up
# the real local Kubernetes control plane, installs the Kuberhealthy v2 CRDs, prints where to
# look, and keeps running until Ctrl-C or SIGTERM, when it stops everything it started.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
. "$here/lib-prereqs.sh"

state="${HC_DEMO_STATE:-/tmp/healthchecks-demo}"
bash "$here/local-cluster.sh" build
stop() {
  # A second Ctrl-C or TERM (a supervisor forwarding it) must not cut the cleanup short;
  # `down` bounds its own waits.
  trap '' INT TERM
  trap - EXIT
  [ -n "${sleeper:-}" ] && kill "$sleeper" 2>/dev/null
  hc_log "stopping the local control plane"
  bash "$here/local-cluster.sh" down --state "$state" >/dev/null 2>&1 || true
}
trap stop EXIT
trap 'exit 0' INT TERM

kubeconfig="$(bash "$here/local-cluster.sh" up --state "$state" | tail -n 1)"

hc_log "installing the KuberhealthyCheck, KuberhealthyJob and KuberhealthyState CRDs"
dotnet run --project "$root/tools/LocalCluster" -v quiet -- apply --kubeconfig "$kubeconfig" \
  "$root"/crds/*.yaml

echo "The demo does not start the controller yet (it waits for the node simulator); the control plane is up with the CRDs."
echo "KUBECONFIG=$kubeconfig"
echo "Press Ctrl-C to stop."
while true; do sleep 3600 & sleeper=$!; wait "$sleeper"; done
