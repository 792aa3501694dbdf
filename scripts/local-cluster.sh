#!/usr/bin/env bash
# A real local Kubernetes control plane (DESIGN.md §5): etcd + kube-apiserver +
# kube-controller-manager + kube-scheduler 1.20.2, on free loopback ports, all state in one folder,
# plus the node simulator (tools/LocalCluster simulate) that turns it into a working cluster.
# Run `scripts/local-cluster.sh help` for the subcommands.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib-prereqs.sh"

CONTROL_PLANE=(etcd apiserver controller-manager scheduler)
COMPONENTS=("${CONTROL_PLANE[@]}" simulator)
ROOT="$(cd "$here/.." && pwd)"
SIMULATOR_DLL="$ROOT/tools/LocalCluster/bin/Debug/net10.0/HealthChecks.LocalCluster.dll"
READY_TIMEOUT="${HC_CLUSTER_READY_TIMEOUT:-60}"   # seconds for /readyz, and again for the default SA
STOP_TIMEOUT="${HC_CLUSTER_STOP_TIMEOUT:-10}"     # seconds between SIGTERM and SIGKILL
APISERVER_STOP_TIMEOUT="${HC_CLUSTER_APISERVER_STOP_TIMEOUT:-5}"  # the same for kube-apiserver
# Loopback ranges, chosen per cluster by claim_network (index 0 is the default):
# Services 127.(96+k).0.0/16 (kubernetes .0.1, cluster DNS .0.10), pod-local 127.(100+k).0.0/16.
NETWORKS_DIR="${HC_NETWORKS_DIR:-/tmp/healthchecks-networks}"
SERVICE_CIDR=127.96.0.0/16
SERVICE_IP=127.96.0.1
CLUSTER_DNS_IP=127.96.0.10
POD_LOCAL_CIDR=127.100.0.0/16

usage() {
  cat <<EOF
Usage: scripts/local-cluster.sh COMMAND [options]

A local Kubernetes $K8S_VERSION control plane (etcd, kube-apiserver, kube-controller-manager,
kube-scheduler) on free 127.0.0.1 ports, and the node simulator: N simulated nodes whose pods run as
local processes, Service ClusterIPs on loopback, cluster DNS (dnsmasq) on 127.96.0.10.

Commands:
  build                      Build/cache the control-plane binaries (scripts/build-control-plane.sh).
  up [--state DIR] [--nodes N] [--image-map FILE]
                             Start a cluster (fresh PKI, tokens and etcd data) unless one is already
                             running and ready from DIR. Waits for /readyz and the default
                             ServiceAccount (with its token), then starts the node simulator with
                             N nodes (default 3; 0: no simulator) and waits until they are Ready
                             (builds tools/LocalCluster first if its dll is missing). Prints the
                             admin kubeconfig path as the last line of stdout; everything else
                             goes to stderr.
  down [--state DIR] [--purge]
                             Stop DIR's processes: TERM, then KILL after ${STOP_TIMEOUT}s
                             (kube-apiserver: ${APISERVER_STOP_TIMEOUT}s). --purge also deletes DIR.
  status [--state DIR]       One line per component, plus the API server's readiness.
                             Exit 0 if all run, 3 otherwise.
  stop COMPONENT [--kill] [--state DIR]
                             Stop one component (SIGTERM, or SIGKILL with --kill).
  start COMPONENT [--state DIR]
                             Start one component again with the same flags and ports
                             (apiserver: waits for /readyz).
  compact [--state DIR]      Compact etcd at its current revision; prints the revision.
  help                       This text.

COMPONENT is one of: ${COMPONENTS[*]}
DIR defaults to \${HC_CLUSTER_STATE:-/tmp/healthchecks-cluster}.

Files in DIR:
  kubeconfig         admin, bearer token, CA embedded (certificate-authority-data)
  kubeconfig-cert    admin, client certificate CN=admin O=system:masters (file paths)
  kubeconfig-nobody  user "nobody" (only system:authenticated), for 403 tests
  cluster.env        shell-sourceable: STATE_DIR ETCD_URL APISERVER_URL KUBECONFIG ports tokens ...
  simulator/         pods/<ns>_<pod>_<uid8>/ (container logs <container>.log, sandbox files), dns/
  logs/audit.log     the API server's audit log: reads and writes of pods, Events and Kuberhealthy
                     resources, with the user and User-Agent of each (no watches)
  pki/ tokens.csv audit-policy.yaml etcd/ logs/<name>.log pids/<name>.pid cmd/<name>.sh

Several clusters can run on one machine: each claims its own loopback ranges in $NETWORKS_DIR
(Services 127.96.0.0/16 for the first, then 127.97..99; pod listeners 127.100..103), see cluster.env.
EOF
}

die() { hc_log "error: $*"; exit 1; }

# ---------- argument parsing ----------
STATE="${HC_CLUSTER_STATE:-/tmp/healthchecks-cluster}"
PURGE=0
KILL=0
NODES="${HC_CLUSTER_NODES:-3}"
IMAGE_MAP=""
COMPONENT=""
parse_opts() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --state) [ $# -ge 2 ] || die "--state needs a value"; STATE="$2"; shift 2 ;;
      --state=*) STATE="${1#--state=}"; shift ;;
      --purge) PURGE=1; shift ;;
      --kill) KILL=1; shift ;;
      --nodes) [ $# -ge 2 ] || die "--nodes needs a value"; NODES="$2"; shift 2 ;;
      --image-map) [ $# -ge 2 ] || die "--image-map needs a value"; IMAGE_MAP="$(realpath -- "$2")"; shift 2 ;;
      -*) die "unknown option $1" ;;
      *) [ -z "$COMPONENT" ] || die "unexpected argument $1"; COMPONENT="$1"; shift ;;
    esac
  done
  [[ "$NODES" =~ ^[0-9]+$ ]] || die "--nodes wants a number (got '$NODES')"
  [ -n "$STATE" ] || die "empty state dir"
  STATE="$(realpath -m -- "$STATE")"
  [ "$STATE" != / ] || die "refusing to use / as the state dir"
}

need_component() {
  local c
  for c in "${COMPONENTS[@]}"; do [ "$c" = "$COMPONENT" ] && return 0; done
  die "COMPONENT must be one of: ${COMPONENTS[*]} (got '${COMPONENT}')"
}

# ---------- process bookkeeping ----------
binary_of() {
  case "$1" in
    etcd) echo etcd ;;
    apiserver) echo kube-apiserver ;;
    controller-manager) echo kube-controller-manager ;;
    scheduler) echo kube-scheduler ;;
    simulator) echo dotnet ;;
  esac
}

pid_of() { local f="$STATE/pids/$1.pid"; [ -f "$f" ] && tr -dc '0-9' <"$f" || true; }

# True when PID runs the component's binary with this state dir on its command line (guards
# against PID reuse; a zombie has an empty cmdline and counts as stopped).
pid_is_ours() {
  local pid="$1" name="$2" argv0 cmdline
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  cmdline="$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [ -n "$cmdline" ] || return 1
  argv0="$(head -n1 <<<"$cmdline")"
  [ "$(basename -- "$argv0")" = "$(binary_of "$name")" ] || return 1
  grep -qF -- "$STATE/" <<<"$cmdline"
}

running() { pid_is_ours "$(pid_of "$1")" "$1"; }

# stop_group SIGNAL NAME... : signals the named components that run from DIR, waits up to their
# grace time, then SIGKILLs what is left; removes their pid files. kube-apiserver 1.20 keeps
# serving open watches for up to 60 s after SIGTERM, so its grace is shorter (data lives in etcd).
grace_of() { if [ "$1" = apiserver ]; then echo "$APISERVER_STOP_TIMEOUT"; else echo "$STOP_TIMEOUT"; fi; }

stop_group() {
  local sig="$1"; shift
  local name pid pids=() names=() idx i any deadline grace=0 g
  for name in "$@"; do
    pid="$(pid_of "$name")"
    if pid_is_ours "$pid" "$name"; then
      kill "-$sig" "$pid" 2>/dev/null || true
      pids+=("$pid"); names+=("$name")
      g="$(grace_of "$name")"; [ "$g" -gt "$grace" ] && grace="$g"
    else
      rm -f "$STATE/pids/$name.pid"
    fi
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  for ((i = 0; i < grace * 10; i++)); do
    any=0
    for idx in "${!pids[@]}"; do
      if pid_is_ours "${pids[$idx]}" "${names[$idx]}"; then
        if [ "$sig" != KILL ] && [ $i -ge $(( $(grace_of "${names[$idx]}") * 10 )) ]; then
          hc_log "${names[$idx]} (pid ${pids[$idx]}) still running $(grace_of "${names[$idx]}")s after SIG$sig; sending SIGKILL"
          kill -KILL "${pids[$idx]}" 2>/dev/null || true
        fi
        any=1
      fi
    done
    [ $any = 1 ] || break
    sleep 0.1
  done
  for idx in "${!pids[@]}"; do
    if pid_is_ours "${pids[$idx]}" "${names[$idx]}"; then
      hc_log "${names[$idx]} (pid ${pids[$idx]}) still running after SIG$sig; sending SIGKILL"
      kill -KILL "${pids[$idx]}" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do pid_is_ours "${pids[$idx]}" "${names[$idx]}" || break; sleep 0.1; done
      pid_is_ours "${pids[$idx]}" "${names[$idx]}" && die "${names[$idx]} (pid ${pids[$idx]}) did not stop"
    fi
    hc_log "stopped ${names[$idx]} (pid ${pids[$idx]})"
    rm -f "$STATE/pids/${names[$idx]}.pid"
  done
}

# Clients first, so the API server has no open watches left, then the API server, then etcd. The
# simulator goes first of all: it stops every pod process while the API server is still there.
stop_all() {
  stop_group TERM simulator
  stop_group TERM scheduler controller-manager
  stop_group TERM apiserver
  stop_group TERM etcd
}

# Launches DIR/cmd/NAME.sh detached (own session, stdin /dev/null, output to the log). The script
# writes its own PID and execs the binary, so the pid file always names the binary's process.
launch() {
  local name="$1" i pid
  rm -f "$STATE/pids/$name.pid"
  mkdir -p "$STATE/pids" "$STATE/logs"
  printf '\n===== %s start %s =====\n' "$(date '+%F %T')" "$name" >>"$STATE/logs/$name.log"
  setsid bash "$STATE/cmd/$name.sh" </dev/null >>"$STATE/logs/$name.log" 2>&1 9>&- &
  for ((i = 0; i < 100; i++)); do
    pid="$(pid_of "$name")"
    [ -n "$pid" ] && pid_is_ours "$pid" "$name" && { hc_log "started $name (pid $pid)"; return 0; }
    sleep 0.05
  done
  fail_with_log "$name" "did not start"
}

fail_with_log() {
  hc_log "error: $1 $2; last lines of $STATE/logs/$1.log:"
  tail -n 25 "$STATE/logs/$1.log" >&2 || true
  exit 1
}

# ---------- ports ----------
# Prints N distinct free TCP ports on 127.0.0.1, below the usual ephemeral range (so outgoing
# connections cannot take them between now and the bind).
free_ports() {
  local n="$1"
  local py=""
  if [ -x /usr/bin/python3 ]; then py=/usr/bin/python3; elif command -v python3 >/dev/null 2>&1; then py=python3; fi
  if [ -n "$py" ] && "$py" -c 'import socket' 2>/dev/null; then
    "$py" - "$n" <<'EOF'
import random, socket, sys
n = int(sys.argv[1]); held = []; ports = []
tries = 0
while len(ports) < n and tries < 2000:
    tries += 1
    p = random.randint(20000, 32000)
    if p in ports: continue
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", p)); held.append(s); ports.append(p)
    except OSError:
        s.close()
if len(ports) < n: sys.exit("no free ports")
print(" ".join(map(str, ports)))
EOF
  else
    hc_apt_install iproute2
    local used chosen=() p tries=0
    used=" $(ss -Htan 2>/dev/null | awk '{n=split($4,a,":"); print a[n]}' | sort -u | tr '\n' ' ') "
    while [ ${#chosen[@]} -lt "$n" ] && [ $tries -lt 2000 ]; do
      tries=$((tries + 1))
      p=$((20000 + RANDOM % 12000))
      case "$used" in *" $p "*) continue ;; esac
      case " ${chosen[*]} " in *" $p "*) continue ;; esac
      chosen+=("$p")
    done
    [ ${#chosen[@]} -eq "$n" ] || die "no free ports"
    echo "${chosen[*]}"
  fi
}

# ---------- loopback networks ----------
# True when the cluster in state dir $1 is alive: its API server runs, or a command (an `up` in
# progress, before the API server starts) holds its lock.
cluster_alive() {
  [ -d "$1" ] || return 1
  ( STATE="$1"; running apiserver ) && return 0
  [ -f "$1/.lock" ] && ! flock -n "$1/.lock" true 2>/dev/null
}

# True when nothing listens on network k's fixed addresses (the kubernetes Service, cluster DNS).
network_unused() {
  local k="$1" py=""
  if [ -x /usr/bin/python3 ]; then py=/usr/bin/python3; elif command -v python3 >/dev/null 2>&1; then py=python3; else return 0; fi
  "$py" - "127.$((96 + k)).0.1" "127.$((96 + k)).0.10" "127.$((100 + k)).255.254" <<'PYEOF'
import socket, sys
api, dns, dns_endpoint = sys.argv[1:4]
for host, port, kind in ((api, 443, socket.SOCK_STREAM), (dns, 53, socket.SOCK_STREAM), (dns, 53, socket.SOCK_DGRAM), (dns_endpoint, 53, socket.SOCK_DGRAM)):
    s = socket.socket(socket.AF_INET, kind)
    try:
        s.bind((host, port))
    except OSError:
        sys.exit(1)
    finally:
        s.close()
PYEOF
}

# Picks the first network index k (0-3) that no live cluster claims and nobody listens on, and
# records the claim NETWORKS_DIR/k = this state dir. Sets SERVICE_CIDR SERVICE_IP CLUSTER_DNS_IP
# POD_LOCAL_CIDR NETWORK_INDEX. Serialised machine-wide by a lock on NETWORKS_DIR/.lock.
claim_network() {
  local k owner chosen=""
  mkdir -p "$NETWORKS_DIR"
  exec 8>"$NETWORKS_DIR/.lock"
  flock -w 60 8 || die "cannot lock $NETWORKS_DIR/.lock"
  for k in 0 1 2 3; do
    owner="$(cat "$NETWORKS_DIR/$k" 2>/dev/null || true)"
    if [ -n "$owner" ] && [ "$owner" != "$STATE" ] && cluster_alive "$owner"; then continue; fi
    network_unused "$k" || continue
    echo "$STATE" >"$NETWORKS_DIR/$k"
    chosen="$k"
    break
  done
  exec 8>&-
  [ -n "$chosen" ] || die "all four loopback networks are in use by other clusters (see $NETWORKS_DIR); stop one first"
  NETWORK_INDEX="$chosen"
  SERVICE_CIDR="127.$((96 + chosen)).0.0/16"
  SERVICE_IP="127.$((96 + chosen)).0.1"
  CLUSTER_DNS_IP="127.$((96 + chosen)).0.10"
  POD_LOCAL_CIDR="127.$((100 + chosen)).0.0/16"
  [ "$chosen" = 0 ] || hc_log "the default loopback network is taken by another cluster; using Services $SERVICE_CIDR, pod listeners $POD_LOCAL_CIDR"
}

release_network() {
  local f
  for f in "$NETWORKS_DIR"/[0-9]; do
    [ -f "$f" ] && [ "$(cat "$f" 2>/dev/null)" = "$STATE" ] && rm -f "$f"
  done
  return 0
}

# ---------- PKI, tokens, kubeconfigs ----------
genkey() { openssl genrsa -traditional -out "$1" 2048 2>/dev/null || openssl genrsa -out "$1" 2048 2>/dev/null; chmod 600 "$1"; }

make_pki() {
  local pki="$STATE/pki"
  mkdir -p "$pki"
  genkey "$pki/ca.key"
  openssl req -x509 -new -nodes -key "$pki/ca.key" -sha256 -days 3650 \
    -subj "/CN=healthchecks-local-ca" -out "$pki/ca.crt" 2>/dev/null

  genkey "$pki/apiserver.key"
  openssl req -new -key "$pki/apiserver.key" -subj "/CN=kube-apiserver" -out "$pki/apiserver.csr" 2>/dev/null
  cat >"$pki/apiserver.ext" <<EOF
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:$SERVICE_IP
EOF
  openssl x509 -req -in "$pki/apiserver.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -sha256 -days 825 -extfile "$pki/apiserver.ext" -out "$pki/apiserver.crt" 2>/dev/null

  genkey "$pki/admin.key"
  openssl req -new -key "$pki/admin.key" -subj "/O=system:masters/CN=admin" -out "$pki/admin.csr" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n' >"$pki/client.ext"
  openssl x509 -req -in "$pki/admin.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -sha256 -days 825 -extfile "$pki/client.ext" -out "$pki/admin.crt" 2>/dev/null

  genkey "$pki/sa.key"
  openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
  rm -f "$pki"/*.csr "$pki"/*.srl
}

# write_kubeconfig FILE USER TRUST_LINE CREDENTIAL_LINES: one cluster, one user, one context.
write_kubeconfig() {
  local file="$1" user="$2" trust="$3" credentials="$4"
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    $trust
users:
- name: $user
  user:
$credentials
contexts:
- name: $user@local
  context:
    cluster: local
    user: $user
    namespace: default
current-context: $user@local
EOF
  chmod 600 "$file"
}

write_kubeconfigs() {
  local ca_data
  ca_data="$(base64 -w0 <"$STATE/pki/ca.crt")"
  # admin: bearer token, CA embedded; admin-cert: client certificate and CA as files (both
  # kubeconfig forms get exercised); nobody: a token RBAC grants nothing to.
  write_kubeconfig "$STATE/kubeconfig" admin "certificate-authority-data: $ca_data" "    token: $ADMIN_TOKEN"
  write_kubeconfig "$STATE/kubeconfig-cert" admin-cert "certificate-authority: $STATE/pki/ca.crt" \
    "    client-certificate: $STATE/pki/admin.crt
    client-key: $STATE/pki/admin.key"
  write_kubeconfig "$STATE/kubeconfig-nobody" nobody "certificate-authority-data: $ca_data" "    token: $NOBODY_TOKEN"
}

write_env() {
  {
    printf 'STATE_DIR=%q\n' "$STATE"
    printf 'ETCD_PORT=%q\nETCD_PEER_PORT=%q\nAPISERVER_PORT=%q\n' "$ETCD_PORT" "$ETCD_PEER_PORT" "$APISERVER_PORT"
    printf 'CONTROLLER_MANAGER_PORT=%q\nSCHEDULER_PORT=%q\n' "$CONTROLLER_MANAGER_PORT" "$SCHEDULER_PORT"
    printf 'ETCD_URL=%q\n' "http://127.0.0.1:$ETCD_PORT"
    printf 'APISERVER_URL=%q\n' "https://127.0.0.1:$APISERVER_PORT"
    printf 'KUBECONFIG=%q\nKUBECONFIG_CERT=%q\nKUBECONFIG_NOBODY=%q\n' \
      "$STATE/kubeconfig" "$STATE/kubeconfig-cert" "$STATE/kubeconfig-nobody"
    printf 'CA_FILE=%q\n' "$STATE/pki/ca.crt"
    printf 'ADMIN_TOKEN=%q\nNOBODY_TOKEN=%q\n' "$ADMIN_TOKEN" "$NOBODY_TOKEN"
    printf 'SERVICE_CIDR=%q\nKUBERNETES_SERVICE_IP=%q\n' "$SERVICE_CIDR" "$SERVICE_IP"
    printf 'CLUSTER_DNS_IP=%q\nPOD_LOCAL_CIDR=%q\nNETWORK_INDEX=%q\n' "$CLUSTER_DNS_IP" "$POD_LOCAL_CIDR" "$NETWORK_INDEX"
  } >"$STATE/cluster.env.tmp"
  mv "$STATE/cluster.env.tmp" "$STATE/cluster.env"
}

load_env() {
  [ -f "$STATE/cluster.env" ] || die "no cluster in $STATE (run: $0 up --state $STATE)"
  # shellcheck disable=SC1091
  . "$STATE/cluster.env"
}

# The API server's audit log (logs/audit.log, one JSON event a line) says who sent which request:
# apiserver_request_total counts every client together (controller-manager, scheduler, simulator,
# the tests), so tests that bound what the controller costs the API server read this log instead.
# Only what such tests count is logged (pods, Events and the Kuberhealthy resources, no watches),
# at Metadata level, each event as its request completes (so a reader waits a moment after the
# requests it counts: TestKit's ApiServerAudit.ReadAfterAsync).
write_audit_policy() {
  cat >"$STATE/audit-policy.yaml" <<'EOF'
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: Metadata
    verbs: [get, list, create, update, patch, delete, deletecollection]
    resources:
      - group: ""
        resources: [pods, events]
      - group: events.k8s.io
      - group: comcast.github.io
  - level: None
EOF
}

# Writes DIR/cmd/NAME.sh: records its PID, closes inherited descriptors, execs the binary.
write_cmd() {
  local name="$1"; shift
  local f="$STATE/cmd/$name.sh" a
  {
    echo '#!/usr/bin/env bash'
    echo "# $name of the local cluster in $STATE (written by scripts/local-cluster.sh up)"
    # (no redirections in this loop: bash would park stderr on a spare fd that the loop could close)
    echo 'for fd in /proc/$$/fd/*; do fd=${fd##*/}; case $fd in 0|1|2|255) ;; *) [ -e "/proc/$$/fd/$fd" ] && eval "exec $fd>&-" ;; esac; done'
    printf 'echo $$ > %q\n' "$STATE/pids/$name.pid"
    printf 'exec'
    for a in "$@"; do printf ' %q' "$a"; done
    printf '\n'
  } >"$f"
  chmod +x "$f"
}

write_cmds() {
  local p="$STATE/pki" kc="$STATE/kubeconfig"
  mkdir -p "$STATE/cmd" "$STATE/certs/controller-manager" "$STATE/certs/scheduler" "$STATE/certs/apiserver"
  write_cmd etcd "$(command -v etcd)" \
    --name=hc --data-dir="$STATE/etcd" \
    --listen-client-urls="http://127.0.0.1:$ETCD_PORT" --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster="hc=http://127.0.0.1:$ETCD_PEER_PORT" --initial-cluster-state=new \
    --logger=zap --log-outputs=stderr
  write_cmd apiserver "$K8S_BIN/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --bind-address=127.0.0.1 --secure-port="$APISERVER_PORT" --advertise-address=127.0.0.1 \
    --endpoint-reconciler-type=none \
    --tls-cert-file="$p/apiserver.crt" --tls-private-key-file="$p/apiserver.key" \
    --client-ca-file="$p/ca.crt" --cert-dir="$STATE/certs/apiserver" \
    --token-auth-file="$STATE/tokens.csv" --authorization-mode=Node,RBAC \
    --service-account-key-file="$p/sa.pub" --service-account-signing-key-file="$p/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc \
    --service-cluster-ip-range="$SERVICE_CIDR" --allow-privileged=true --profiling=false \
    --audit-policy-file="$STATE/audit-policy.yaml" --audit-log-path="$STATE/logs/audit.log" \
    --audit-log-maxsize=100 --audit-log-maxbackup=1
  write_cmd controller-manager "$K8S_BIN/kube-controller-manager" \
    --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --bind-address=127.0.0.1 --secure-port="$CONTROLLER_MANAGER_PORT" --port=0 \
    --cert-dir="$STATE/certs/controller-manager" --leader-elect=false --controllers='*,-nodeipam' \
    --service-account-private-key-file="$p/sa.key" --root-ca-file="$p/ca.crt" \
    --use-service-account-credentials=true --kube-api-qps=200 --kube-api-burst=400 \
    --cluster-signing-cert-file="$p/ca.crt" --cluster-signing-key-file="$p/ca.key" --profiling=false
  write_cmd scheduler "$K8S_BIN/kube-scheduler" \
    --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --bind-address=127.0.0.1 --secure-port="$SCHEDULER_PORT" --port=0 \
    --cert-dir="$STATE/certs/scheduler" --leader-elect=false --profiling=false --kube-api-qps=200 --kube-api-burst=400
}

# Writes DIR/cmd/simulator.sh and records the node count in cluster.env (for `start simulator`).
write_simulator_cmd() {
  local args=(simulate --kubeconfig "$STATE/kubeconfig" --state "$STATE/simulator" --nodes "$NODES"
    --service-cidr "$SERVICE_CIDR" --pod-local-cidr "${POD_LOCAL_CIDR:-127.100.0.0/16}")
  [ -z "$IMAGE_MAP" ] || args+=(--image-map "$IMAGE_MAP")
  write_cmd simulator "$(command -v dotnet)" "$SIMULATOR_DLL" "${args[@]}"
  { grep -v '^SIMULATOR_NODES=' "$STATE/cluster.env"; printf 'SIMULATOR_NODES=%q\n' "$NODES"; } >"$STATE/cluster.env.tmp"
  mv "$STATE/cluster.env.tmp" "$STATE/cluster.env"
  SIMULATOR_NODES="$NODES"
}

# The simulator runs from the build output (dotnet run is too slow); build it if it is missing.
ensure_simulator_built() {
  [ -f "$SIMULATOR_DLL" ] && return 0
  command -v dotnet >/dev/null || die "dotnet (the .NET 10 SDK) is needed to build the node simulator"
  hc_log "building the node simulator (tools/LocalCluster)"
  dotnet build "$ROOT/tools/LocalCluster/LocalCluster.csproj" -c Debug -nologo -v quiet >"$STATE/logs/simulator-build.log" 2>&1 \
    || fail_with_log simulator-build "failed to build"
}

# ---------- readiness ----------
api() {  # api PATH [curl args...] -> prints body, returns curl status; HTTP code in $API_CODE
  local path="$1"; shift
  local out
  out="$(curl -sS --max-time 3 --cacert "$STATE/pki/ca.crt" -H "Authorization: Bearer $ADMIN_TOKEN" \
    -w '\n%{http_code}' "$@" "https://127.0.0.1:$APISERVER_PORT$path" 2>/dev/null)" || { API_CODE=000; return 1; }
  API_CODE="${out##*$'\n'}"
  printf '%s' "${out%$'\n'*}"
}

api_ready() { api /readyz >/dev/null && [ "$API_CODE" = 200 ]; }

etcd_ready() { curl -sS --max-time 2 "http://127.0.0.1:$ETCD_PORT/health" 2>/dev/null | grep -q '"health":"true"'; }

# All of the simulator's nodes exist and say Ready.
simulator_nodes_ready() {
  local body
  # (api runs in a subshell here, so its API_CODE is not seen: a non-list body fails the jq below)
  body="$(api "/api/v1/nodes?labelSelector=healthchecks.local/simulator%3Dsim-node")" || return 1
  [ "$(jq '[.items[] | select(any(.status.conditions[]?; .type == "Ready" and .status == "True"))] | length' <<<"$body" 2>/dev/null)" -ge "${SIMULATOR_NODES:-$NODES}" ] 2>/dev/null
}

https_healthz() { curl -sk --max-time 2 "https://127.0.0.1:$1/healthz" 2>/dev/null | grep -qx ok; }

# The default ServiceAccount exists and has its token secret (pods are refused without it in 1.20).
default_sa_ready() {
  local body
  body="$(api /api/v1/namespaces/default/serviceaccounts/default)" || return 1
  [ "$API_CODE" = 200 ] && [ "$(jq -r '(.secrets // []) | length' <<<"$body" 2>/dev/null)" -ge 1 ] 2>/dev/null
}

wait_for() {  # wait_for NAME SECONDS DESCRIPTION CHECK...
  local name="$1" secs="$2" what="$3"; shift 3
  local deadline=$((SECONDS + secs))
  while ! "$@"; do
    running "$name" || fail_with_log "$name" "exited while waiting for $what"
    [ $SECONDS -lt $deadline ] || fail_with_log "$name" "timed out after ${secs}s waiting for $what"
    sleep 0.2
  done
}

wait_component() {
  case "$1" in
    etcd) wait_for etcd 30 "etcd /health" etcd_ready ;;
    apiserver) wait_for apiserver "$READY_TIMEOUT" "/readyz" api_ready ;;
    controller-manager) wait_for controller-manager 30 "/healthz" https_healthz "$CONTROLLER_MANAGER_PORT" ;;
    scheduler) wait_for scheduler 30 "/healthz" https_healthz "$SCHEDULER_PORT" ;;
    simulator) wait_for simulator 60 "${SIMULATOR_NODES:-$NODES} Ready nodes" simulator_nodes_ready ;;
  esac
}

# Starts the simulator of a running control plane unless it runs already (or --nodes 0).
start_simulator() {
  [ "$NODES" -gt 0 ] || { hc_log "--nodes 0: no node simulator"; return 0; }
  if running simulator; then
    hc_log "node simulator already running (pid $(pid_of simulator))"
    return 0
  fi
  ensure_simulator_built
  [ -f "$STATE/cmd/simulator.sh" ] && [ -z "$IMAGE_MAP" ] && [ "$NODES" = "${HC_CLUSTER_NODES:-3}" ] || write_simulator_cmd
  launch simulator
  wait_component simulator
}

# ---------- commands ----------
ensure_prereqs() {
  hc_apt_install etcd-server openssl curl jq dnsmasq-base util-linux
  local b
  for b in kube-apiserver kube-controller-manager kube-scheduler; do
    if [ ! -x "$K8S_BIN/$b" ]; then
      hc_log "control plane binaries missing in $K8S_BIN; building them (about 12 minutes, once)"
      cmd_build
      break
    fi
  done
}

cmd_build() {
  mkdir -p "$HC_CACHE"
  if command -v flock >/dev/null 2>&1; then
    flock "$HC_CACHE/.build.lock" bash "$here/build-control-plane.sh"
  else
    bash "$here/build-control-plane.sh"
  fi
}

all_running() { local c; for c in "${CONTROL_PLANE[@]}"; do running "$c" || return 1; done; }

any_running() { local c; for c in "${COMPONENTS[@]}"; do running "$c" && return 0; done; return 1; }

# Empties DIR for a fresh start; refuses a non-empty folder that is not one of ours.
reset_state() {
  if [ ! -f "$STATE/.healthchecks-cluster" ] && [ -n "$(ls -A "$STATE" 2>/dev/null | grep -vx '.lock')" ]; then
    rm -f "$STATE/.lock"
    die "$STATE is not empty and is not a local-cluster state dir; refusing to use it"
  fi
  if [ -d "$STATE/logs" ]; then rm -rf "$STATE/logs.prev"; mv "$STATE/logs" "$STATE/logs.prev"; fi
  rm -rf "$STATE/etcd" "$STATE/pki" "$STATE/pids" "$STATE/cmd" "$STATE/certs" "$STATE/tokens.csv" "$STATE/audit-policy.yaml" "$STATE/simulator" \
    "$STATE"/kubeconfig* "$STATE/cluster.env"
  touch "$STATE/.healthchecks-cluster"
  mkdir -p "$STATE/logs" "$STATE/pids" "$STATE/cmd"
}

cmd_up() {
  local t0=$SECONDS
  ensure_prereqs
  if [ -f "$STATE/cluster.env" ] && all_running; then
    load_env
    local deadline=$((SECONDS + 20))
    while ! { api_ready && default_sa_ready; } && [ $SECONDS -lt $deadline ] && all_running; do sleep 0.3; done
    if all_running && api_ready && default_sa_ready; then
      hc_log "cluster in $STATE already running (API $APISERVER_URL)"
      start_simulator
      echo "$STATE/kubeconfig"
      return 0
    fi
    hc_log "cluster in $STATE is running but not ready; restarting it"
  fi
  if any_running; then
    hc_log "some processes of $STATE are gone; stopping the rest for a fresh start"
    stop_all
  fi
  reset_state
  claim_network

  local ports
  read -r ETCD_PORT ETCD_PEER_PORT APISERVER_PORT CONTROLLER_MANAGER_PORT SCHEDULER_PORT <<<"$(free_ports 5)"
  ADMIN_TOKEN="$(openssl rand -hex 24)"
  NOBODY_TOKEN="$(openssl rand -hex 24)"
  make_pki
  printf '%s,admin,admin,system:masters\n%s,nobody,nobody\n' "$ADMIN_TOKEN" "$NOBODY_TOKEN" >"$STATE/tokens.csv"
  chmod 600 "$STATE/tokens.csv"
  write_audit_policy
  write_kubeconfigs
  write_env
  write_cmds
  hc_log "ports: etcd $ETCD_PORT (peer $ETCD_PEER_PORT), apiserver $APISERVER_PORT, controller-manager $CONTROLLER_MANAGER_PORT, scheduler $SCHEDULER_PORT"

  launch etcd
  wait_component etcd
  launch apiserver
  wait_component apiserver
  launch controller-manager
  launch scheduler
  wait_component controller-manager
  wait_component scheduler
  wait_for controller-manager "$READY_TIMEOUT" "the default ServiceAccount and its token" default_sa_ready
  start_simulator
  hc_log "cluster ready in $((SECONDS - t0))s: $STATE/kubeconfig (API https://127.0.0.1:$APISERVER_PORT)"
  echo "$STATE/kubeconfig"
}

cmd_down() {
  if [ -d "$STATE/pids" ]; then stop_all; fi
  release_network
  if [ "$PURGE" = 1 ]; then
    if [ -f "$STATE/.healthchecks-cluster" ]; then
      rm -rf "$STATE"
      hc_log "removed $STATE"
    else
      [ -z "$(ls -A "$STATE" 2>/dev/null)" ] && rmdir "$STATE" 2>/dev/null || hc_log "not purging $STATE: not a local-cluster state dir"
    fi
  fi
}

cmd_status() {
  local c pid st rc=0 ready="unknown"
  for c in "${COMPONENTS[@]}"; do
    pid="$(pid_of "$c")"
    if pid_is_ours "$pid" "$c"; then st=running; elif [ "$c" = simulator ] && [ ! -f "$STATE/cmd/simulator.sh" ]; then st="not started"; else st=stopped; rc=3; fi
    printf '%-19s pid %-8s %s\n' "$c" "${pid:--}" "$st"
  done
  if [ -f "$STATE/cluster.env" ]; then
    load_env
    if api_ready; then ready="ready"; else ready="not-ready (HTTP $API_CODE)"; fi
    printf '%-19s %s %s\n' "apiserver-readyz" "$ready" "$APISERVER_URL"
  else
    printf '%-19s %s\n' "apiserver-readyz" "no cluster in $STATE"
  fi
  return $rc
}

cmd_stop() {
  need_component
  if [ "$KILL" = 1 ]; then stop_group KILL "$COMPONENT"; else stop_group TERM "$COMPONENT"; fi
}

cmd_start() {
  need_component
  load_env
  [ -f "$STATE/cmd/$COMPONENT.sh" ] || die "no $STATE/cmd/$COMPONENT.sh (run up first)"
  if running "$COMPONENT"; then
    hc_log "$COMPONENT already running (pid $(pid_of "$COMPONENT"))"
  else
    launch "$COMPONENT"
  fi
  wait_component "$COMPONENT"
}

cmd_compact() {
  load_env
  local body rev out
  body="$(curl -sS --max-time 5 -X POST -d '{"key":"AA=="}' "$ETCD_URL/v3/kv/range")" || die "etcd at $ETCD_URL does not answer"
  rev="$(jq -r '.header.revision // empty' <<<"$body")"
  [ -n "$rev" ] || die "no revision in etcd's answer: $body"
  out="$(curl -sS --max-time 30 -X POST -d "{\"revision\":\"$rev\",\"physical\":true}" "$ETCD_URL/v3/kv/compaction")" \
    || die "compaction request failed"
  if jq -e 'has("error") or has("code")' <<<"$out" >/dev/null 2>&1; then
    grep -q 'has been compacted' <<<"$out" || die "compaction at $rev failed: $out"
    hc_log "etcd was already compacted at revision $rev"
  else
    hc_log "compacted etcd at revision $rev"
  fi
  echo "$rev"
}

main() {
  [ $# -gt 0 ] || { usage >&2; exit 2; }
  local cmd="$1"; shift
  case "$cmd" in
    help|-h|--help) usage; return 0 ;;
    build) [ $# -eq 0 ] || die "build takes no arguments"; cmd_build; return ;;
    up|down|status|stop|start|compact) ;;
    *) usage >&2; die "unknown command '$cmd'" ;;
  esac
  parse_opts "$@"
  if [ "$cmd" = up ]; then
    mkdir -p "$STATE"
    STATE="$(cd "$STATE" && pwd -P)"
  elif [ ! -d "$STATE" ]; then
    case "$cmd" in
      down) hc_log "no state dir $STATE; nothing to stop"; return 0 ;;
      status) cmd_status; return ;;
      *) die "no cluster in $STATE (run: $0 up --state $STATE)" ;;
    esac
  fi
  case "$cmd" in
    up|down|stop|start) [ "$cmd" = stop ] || [ "$cmd" = start ] || [ -z "$COMPONENT" ] || die "unexpected argument $COMPONENT" ;;
  esac
  case "$cmd" in
    up) ;;
    *) [ "$NODES" = "${HC_CLUSTER_NODES:-3}" ] && [ -z "$IMAGE_MAP" ] || die "--nodes and --image-map are for up only" ;;
    *) [ -z "$COMPONENT" ] || die "unexpected argument $COMPONENT" ;;
  esac
  [ "$KILL" = 0 ] || [ "$cmd" = stop ] || die "--kill is for stop only"
  [ "$PURGE" = 0 ] || [ "$cmd" = down ] || die "--purge is for down only"
  # One command at a time per state dir. fd 9 is not passed to the launched processes.
  if command -v flock >/dev/null 2>&1 && [ "$cmd" != status ]; then
    exec 9>"$STATE/.lock"
    flock -w 120 9 || die "another local-cluster.sh command holds $STATE/.lock"
  fi
  case "$cmd" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    stop) cmd_stop ;;
    start) cmd_start ;;
    compact) cmd_compact ;;
  esac
}

main "$@"
