#!/usr/bin/env bash
# The container images, tested the way a cluster runs them, with runc (no Docker engine):
#   1. scripts/build-images.sh builds the four OCI archives;
#   2. each image runs as 999:999 with a read-only root file system, all capabilities dropped and
#      no new privileges (the chart's securityContext), sharing the host's loopback;
#   3. the controller image runs in-cluster style against a local control plane: the chart's
#      ServiceAccount token, CA and namespace mounted at /var/run/secrets/kubernetes.io/serviceaccount,
#      the chart's ConfigMap at /etc/config; it must answer /healthz and /readyz (caches synced, so
#      its RBAC let it list and watch) and log no refusal;
#   4. the dns-check image resolves `localhost` and reports OK to a loopback receiver (exit 0);
#   5. the daemonset-check and deployment-check images start and refuse a missing contract
#      environment (exit 2, naming KH_REPORTING_URL);
#   6. the deployment-check image (a NativeAOT program) runs in-cluster style on the chart's
#      ServiceAccount, which may not read Services: over TLS with the mounted CA and token it gets
#      the API server's 403 and reports it (exit 1, the ServiceAccount's name in the error).
# Prints one line `images: passed (sizes)` or `images: FAILED: why` and exits 0 or 1.
# Knobs: HC_IMAGES_OUT (where the archives go; default a temporary folder).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
. "$here/lib-prereqs.sh"

work="$(mktemp -d /tmp/hc-test-images.XXXXXX)"
out="${HC_IMAGES_OUT:-$work/images}"
state="$work/cluster"
runc_root="$work/runc"
receiver_pid=""
containers=()
cleanup() {
  local c
  for c in "${containers[@]}"; do
    runc --root "$runc_root" kill "$c" KILL >/dev/null 2>&1 || true
    runc --root "$runc_root" delete --force "$c" >/dev/null 2>&1 || true
  done
  [ -n "$receiver_pid" ] && kill "$receiver_pid" 2>/dev/null
  bash "$here/local-cluster.sh" down --state "$state" --purge >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "images: FAILED: $*"
  for log in "$work"/*.log; do [ -f "$log" ] && { echo "== $log" >&2; tail -n 15 "$log" >&2; }; done
  exit 1
}

hc_apt_install runc umoci skopeo jq
hc_install_helm
tag="$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$root/charts/healthchecks/Chart.yaml")"
bash "$here/build-images.sh" --out "$out" --tag "$tag" >"$work/build.out" 2>"$work/build.log" || fail "build-images.sh failed"
sizes="$(awk 'NR > 1 && $1 != "archives" {printf "%s%s %s MB (%s MB gzipped)", sep, $1, $3, $5; sep=", "}' "$work/build.out")"

# unpack NAME [BUNDLE]: the image's runtime bundle in $work/BUNDLE (default NAME; rootfs + config.json
# from the image config). A second bundle of an image is a fresh one for another run.
unpack() {
  local bundle="$work/${2:-$1}"
  skopeo copy --quiet "oci-archive:$out/$1-$tag.oci.tar" "oci:$work/layout:$1" >/dev/null 2>&1 || fail "skopeo cannot read $1-$tag.oci.tar"
  umoci unpack --image "$work/layout:$1" "$bundle" >/dev/null 2>&1 || fail "umoci cannot unpack $1"
  [ "$(jq -r '.process.user | "\(.uid):\(.gid)"' "$bundle/config.json")" = "999:999" ] || fail "$1 does not run as 999:999"
}

# harden NAME ENV_JSON MOUNTS_JSON: the chart's securityContext, the host's network, extra env and mounts.
harden() {
  local config="$work/$1/config.json"
  jq --argjson env "$2" --argjson mounts "$3" '
    .root.readonly = true
    | .process.terminal = false
    | .process.noNewPrivileges = true
    | .process.capabilities = {bounding: [], effective: [], permitted: [], inheritable: [], ambient: []}
    | .process.env += $env
    | .linux.namespaces |= map(select(.type != "network"))
    | .mounts += [{destination: "/tmp", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "mode=1777", "size=64m"]}] + $mounts
  ' "$config" >"$config.new" && mv "$config.new" "$config"
}

for name in controller daemonset-check deployment-check dns-check; do unpack "$name"; done
[ "$(readlink "$work/controller/rootfs/app/kuberhealthy")" = HealthChecks.Controller ] || fail "the controller image has no /app/kuberhealthy"

# 5. The daemonset and deployment checks start and refuse a missing contract environment.
for name in daemonset-check deployment-check; do
  harden "$name" '[]' '[]'
  containers+=("hc-$name-$$")
  timeout 60 runc --root "$runc_root" run --bundle "$work/$name" "hc-$name-$$" >"$work/$name.log" 2>&1
  code=$?
  [ "$code" -eq 2 ] || fail "$name exited with $code, not 2 (bad environment)"
  grep -q KH_REPORTING_URL "$work/$name.log" || fail "$name did not name KH_REPORTING_URL"
done

# 4. The DNS check resolves localhost (the host's /etc/hosts mounted, as kubelet mounts one) and reports.
port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p; for p in $(shuf -i 20000-40000 -n 50); do port_is_free "$p" && { echo "$p"; return; }; done; return 1; }
receiver_port="$(free_port)" || fail "no free port"
python3 - "$receiver_port" "$work/report.json" >"$work/receiver.log" 2>&1 <<'EOF' &
import http.server, sys
class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/externalCheckStatus":
            open(sys.argv[2], "wb").write(body)
        self.send_response(200); self.end_headers()
    def do_GET(self):
        self.send_response(200); self.end_headers()
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver).serve_forever()
EOF
receiver_pid=$!
deadline=$(( $(date +%s) + 120 ))
harden dns-check "$(jq -n --arg url "http://127.0.0.1:$receiver_port/externalCheckStatus" --arg deadline "$deadline" \
  '["KH_REPORTING_URL=\($url)", "KH_RUN_UUID=00000000-0000-4000-8000-000000000001", "KH_CHECK_RUN_DEADLINE=\($deadline)",
    "KH_POD_NAMESPACE=default", "HOSTNAME=localhost", "NODE_MIN_AGE=0"]')" \
  '[{"destination": "/etc/hosts", "type": "bind", "source": "/etc/hosts", "options": ["rbind", "ro"]}]'
containers+=("hc-dns-check-$$")
timeout 120 runc --root "$runc_root" run --bundle "$work/dns-check" "hc-dns-check-$$" >"$work/dns-check.log" 2>&1
code=$?
[ "$code" -eq 0 ] || fail "dns-check exited with $code"
jq -e '.OK == true' "$work/report.json" >/dev/null 2>&1 || fail "dns-check reported $(cat "$work/report.json" 2>/dev/null)"

# 3. The controller, in-cluster style, on the chart's ServiceAccount.
kubeconfig="$(bash "$here/local-cluster.sh" up --state "$state" --nodes 0 2>"$work/cluster.log" | tail -n 1)" || fail "the local cluster did not start"
. "$state/cluster.env"
ns=healthchecks-images
"$HC_HELM" template hc "$root/charts/healthchecks" --namespace "$ns" --include-crds --kube-version 1.20.2 \
  --set fullnameOverride=hc --set check.daemonset.enabled=false --set check.deployment.enabled=false \
  --set check.dnsInternal.enabled=false >"$work/chart.yaml" 2>"$work/helm.log" || fail "helm template failed"
printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n' "$ns" >"$work/namespace.yaml"
apply_tool="$root/tools/LocalCluster/bin/Debug/net10.0/HealthChecks.LocalCluster.dll"
[ -f "$apply_tool" ] || dotnet build "$root/tools/LocalCluster" -c Debug -nologo -v quiet >"$work/apply-build.log" 2>&1 || fail "cannot build tools/LocalCluster"
applied=""
for _ in $(seq 1 30); do  # retried while the new CRDs are not served yet
  dotnet "$apply_tool" apply --kubeconfig "$kubeconfig" "$work/namespace.yaml" "$work/chart.yaml" >"$work/apply.log" 2>&1 && { applied=1; break; }
  sleep 1
done
[ -n "$applied" ] || fail "the rendered chart did not apply"
secret=""
for _ in $(seq 1 30); do
  secret="$(kubectl --kubeconfig "$kubeconfig" -n "$ns" get serviceaccount hc -o jsonpath='{.secrets[0].name}' 2>/dev/null)"
  [ -n "$secret" ] && break
  sleep 1
done
[ -n "$secret" ] || fail "no token Secret for ServiceAccount $ns/hc"
mkdir -p "$work/sa" "$work/etc-config"
for key in token ca.crt; do
  kubectl --kubeconfig "$kubeconfig" -n "$ns" get secret "$secret" -o "jsonpath={.data.${key//./\\.}}" | base64 -d >"$work/sa/$key"
done
printf '%s' "$ns" >"$work/sa/namespace"
chmod 0755 "$work/sa" "$work/etc-config"; chmod 0644 "$work/sa"/*
controller_port="$(free_port)" || fail "no free port"
# The chart's ConfigMap's file (the block under `kuberhealthy.yaml: |-`), listening on loopback.
"$HC_HELM" template hc "$root/charts/healthchecks" --namespace "$ns" --set fullnameOverride=hc -s templates/configmap.yaml \
  | awk '/^  kuberhealthy.yaml: \|-$/ {inside = 1; next} inside && /^    / {print substr($0, 5); next} {inside = 0}' \
  | sed "s/^listenAddress: .*/listenAddress: 127.0.0.1:$controller_port/" >"$work/etc-config/kuberhealthy.yaml"
grep -q "^listenAddress: 127.0.0.1:$controller_port$" "$work/etc-config/kuberhealthy.yaml" || fail "no listenAddress in the chart's ConfigMap"
chmod 0644 "$work/etc-config/kuberhealthy.yaml"
harden controller "$(jq -n --arg host 127.0.0.1 --arg port "$APISERVER_PORT" --arg ns "$ns" --arg url "http://127.0.0.1:$controller_port/externalCheckStatus" \
  '["KUBERNETES_SERVICE_HOST=\($host)", "KUBERNETES_SERVICE_PORT=\($port)", "POD_NAME=hc-image-0", "POD_NAMESPACE=\($ns)", "KH_EXTERNAL_REPORTING_URL=\($url)"]')" \
  "$(jq -n --arg sa "$work/sa" --arg config "$work/etc-config" \
  '[{destination: "/var/run/secrets/kubernetes.io/serviceaccount", type: "bind", source: $sa, options: ["rbind", "ro"]},
    {destination: "/etc/config", type: "bind", source: $config, options: ["rbind", "ro"]}]')"
containers+=("hc-controller-$$")
runc --root "$runc_root" run --detach --bundle "$work/controller" "hc-controller-$$" >"$work/controller.log" 2>&1 </dev/null \
  || fail "runc could not start the controller"
ready=""
for _ in $(seq 1 120); do
  if curl -sf --max-time 2 "http://127.0.0.1:$controller_port/healthz" >/dev/null 2>&1 \
    && curl -sf --max-time 2 "http://127.0.0.1:$controller_port/readyz" >/dev/null 2>&1; then ready=1; break; fi
  [ "$(runc --root "$runc_root" state "hc-controller-$$" 2>/dev/null | jq -r .status)" = running ] || fail "the controller container stopped"
  sleep 0.5
done
[ -n "$ready" ] || fail "the controller image did not answer /healthz and /readyz within 60 s"
runc --root "$runc_root" kill "hc-controller-$$" TERM >/dev/null 2>&1
for _ in $(seq 1 40); do [ "$(runc --root "$runc_root" state "hc-controller-$$" 2>/dev/null | jq -r .status)" = stopped ] && break; sleep 0.5; done
if grep -Eiq 'forbidden|cannot (get|list|watch|create|update|patch|delete) resource' "$work/controller.log"; then
  fail "the API server refused the controller: $(grep -Ei -m 3 'forbidden|cannot' "$work/controller.log")"
fi

# 6. The deployment check, in-cluster style on the same ServiceAccount: the API server's refusal, reported.
rm -f "$work/report.json"
unpack deployment-check deployment-check-api
harden deployment-check-api "$(jq -n --arg host 127.0.0.1 --arg port "$APISERVER_PORT" --arg ns "$ns" \
  --arg url "http://127.0.0.1:$receiver_port/externalCheckStatus" --arg deadline "$(( $(date +%s) + 60 ))" \
  '["KUBERNETES_SERVICE_HOST=\($host)", "KUBERNETES_SERVICE_PORT=\($port)", "KH_REPORTING_URL=\($url)",
    "KH_RUN_UUID=00000000-0000-4000-8000-000000000002", "KH_CHECK_RUN_DEADLINE=\($deadline)", "KH_POD_NAMESPACE=\($ns)"]')" \
  "$(jq -n --arg sa "$work/sa" '[{destination: "/var/run/secrets/kubernetes.io/serviceaccount", type: "bind", source: $sa, options: ["rbind", "ro"]}]')"
containers+=("hc-deployment-check-api-$$")
timeout 60 runc --root "$runc_root" run --bundle "$work/deployment-check-api" "hc-deployment-check-api-$$" >"$work/deployment-check-api.log" 2>&1
code=$?
[ "$code" -eq 1 ] || fail "deployment-check on the chart's ServiceAccount exited with $code, not 1"
jq -e --arg who "system:serviceaccount:$ns:hc" '.OK == false and (.Errors[0] | contains("403 Forbidden") and contains($who))' "$work/report.json" >/dev/null 2>&1 \
  || fail "deployment-check reported $(cat "$work/report.json" 2>/dev/null), not the API server's 403 for $ns/hc"
echo "images: passed ($sizes; the controller image answered /healthz and /readyz on the chart's ServiceAccount; the deployment-check image reported the API server's 403 for it)"
