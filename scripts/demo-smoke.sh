#!/usr/bin/env bash
# The demo as a user runs it: scripts/demo.sh in the background on its own cluster, until it
# prints both replicas' status pages and says every default check is OK, the status JSON agrees,
# exactly one replica says it leads (kuberhealthy_controller_leader 1 on /metrics), both answer
# /healthz and /readyz with 200; then SIGTERM: it must exit and leave no process of its cluster
# behind.
# Prints one line `demo: passed (...)` or `demo: FAILED: why` and exits 0 or 1.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
state="$(mktemp -d /tmp/hc-demo-smoke.XXXXXX)"
out="$state.out"; err="$state.err"
fail() {
  echo "demo: FAILED: $*"
  tail -n 20 "$err" >&2
  for log in "$state"/logs/controller-*.log; do [ -f "$log" ] && { echo "--- $log" >&2; tail -n 20 "$log" >&2; }; done
  [ -n "${demo:-}" ] && kill -TERM "$demo" 2>/dev/null && sleep 15
  bash "$here/local-cluster.sh" down --state "$state" --purge >/dev/null 2>&1 || true
  exit 1
}

HC_DEMO_STATE="$state" setsid bash "$here/demo.sh" >"$out" 2>"$err" &
demo=$!
started=$SECONDS
until grep -q 'all default checks OK' "$err" 2>/dev/null; do
  kill -0 "$demo" 2>/dev/null || fail "demo.sh exited early"
  [ $((SECONDS - started)) -lt 480 ] || fail "no 'all default checks OK' within 8 minutes (build included)"
  sleep 2
done
ok_line="$(grep 'all default checks OK' "$err")"
url="$(sed -n 's/^Status page: //p' "$out")"
second="$(sed -n 's/^Second replica: //p' "$out")"
grep -q '^KUBECONFIG=/' "$out" || fail "no KUBECONFIG= line"
[ -n "$url" ] || fail "no 'Status page:' line"
[ -n "$second" ] && [ "$second" != "$url" ] || fail "no 'Second replica:' line with another URL"
for replica in "$url" "$second"; do
  checks="$(curl -sf --max-time 5 "${replica}json" | jq -r '[.CheckDetails | to_entries[] | select(.value.OK) | .key] | sort | join(",")')"
  [ "$checks" = "kuberhealthy/daemonset,kuberhealthy/deployment,kuberhealthy/dns-status-internal" ] || fail "status page $replica shows OK checks '$checks'"
  for probe in healthz readyz; do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "${replica}$probe")"
    [ "$code" = 200 ] || fail "${replica}$probe answered $code"
  done
done
leaders=0
for replica in "$url" "$second"; do
  metrics="$(curl -sf --max-time 10 "${replica}metrics")" || fail "${replica}metrics did not answer"
  grep -qx 'kuberhealthy_controller_leader [01]' <<<"$metrics" || fail "${replica}metrics has no kuberhealthy_controller_leader"
  grep -qx 'kuberhealthy_controller_leader 1' <<<"$metrics" && leaders=$((leaders + 1))
done
[ "$leaders" -eq 1 ] || fail "$leaders replicas report kuberhealthy_controller_leader 1, not exactly one"

kill -TERM "$demo"
for _ in $(seq 1 60); do kill -0 "$demo" 2>/dev/null || break; sleep 1; done
kill -0 "$demo" 2>/dev/null && fail "demo.sh still running 60 s after SIGTERM"
sleep 1
left="$(pgrep -af -- "$state" | grep -v pgrep || true)"
[ -z "$left" ] || fail "processes left behind: $left"
rm -rf "$state" "$out" "$err"
echo "demo: passed (${ok_line#*] }; stopped cleanly)"
