#!/usr/bin/env bash
# Measures the checkers four ways: the daemonset, deployment and DNS checks, and the SDK's minimal
# checker (tests/SdkTestChecker, which reports success at once: the floor every checker starts from).
#   fdd   src/Checks.<Name> on the full KubernetesClient, framework-dependent (`dotnet X.dll`, the
#         demo's way)
#   trim  the same, self-contained and trimmed (as the images shipped the checks before NativeAOT,
#         less the image's extra trim list of unused ASP.NET parts: about 10 MiB more here)
#   r2r   trim plus ReadyToRun (the trimmer drops the framework's precompiled code; this puts it back)
#   aot   what the images ship: src/Checks.Aot/<Name>, the same sources on KubernetesClient.Aot,
#         published with NativeAOT by hc_publish_aot (scripts/lib-publish.sh: the images' function
#         and cache); the SDK checker: tests/SdkTestChecker with PublishAot=true, its warnings
#         shown, not failing the publish. Trim and AOT warnings are printed.
# Size: the publish folder without symbols, XML docs and the diagnostics libraries the image drops.
# Time: process start -> first TCP connection to the API server (through a loopback relay), and
# start -> report received; CPU time (user + system) and peak RSS of the process. One warm-up run,
# then the median of N, a check's builds taking turns run by run. The daemonset and deployment
# checks get the cluster's "nobody" kubeconfig, so the first API call answers 403 and the check
# reports at once. The DNS check resolves
# kubernetes.default.svc.cluster.local at the cluster's DNS server (DNS_SERVER, NODE_MIN_AGE=0: no
# API call) and the SDK checker makes none; both must report OK, and their first API column is "-".
#
# With --before ROOT, the same checks are also published from another checkout (say a worktree of
# the commit before a change) as fdd and trim, shown as the variants fdd-before and trim-before, and
# timed in the same run, interleaved with today's.
#
# Usage: scripts/bench-checker-images.sh --state DIR [--runs N] [--work WORK] [--only NAME]
#          [--variants "fdd trim r2r aot"] [--before ROOT]
#   DIR   a running cluster (`scripts/local-cluster.sh up --state DIR --nodes 1`; --nodes 0 does for all
#         but the DNS check: the cluster DNS runs with the node simulator)
#   N     timed runs per variant (default 5)
#   WORK  where the publish folders go (default a new temp folder); folders already there are reused
#         (also fdd-before and trim-before: a WORK for one --before checkout only)
#   NAME  daemonset, deployment, dns or sdk (default: all four)
#   --variants  which of today's builds to publish and time (default all four)
#   ROOT  a checkout whose checks are published as fdd-before and trim-before
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
. "$here/lib-prereqs.sh"
. "$here/lib-publish.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

state="" runs=5 work="" only="" variants="fdd trim r2r aot" before=""
while [ $# -gt 0 ]; do
  case "$1" in
    --state) state="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --variants) variants="$2"; shift 2 ;;
    --before) before="$(cd "$2" && pwd)"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$state" ] && [ -f "$state/kubeconfig-nobody" ] || { echo "--state DIR of a running local cluster is required" >&2; exit 2; }
case "$only" in ""|daemonset|deployment|dns|sdk) ;; *) echo "--only: daemonset, deployment, dns or sdk" >&2; exit 2 ;; esac
for variant in $variants; do
  case "$variant" in fdd|trim|r2r|aot) ;; *) echo "--variants: fdd, trim, r2r or aot" >&2; exit 2 ;; esac
done
wants() { [[ " $variants " == *" $1 "* ]]; }
# The cluster's DNS server (scripts/local-cluster.sh: per-cluster address, 127.96.0.10 for the first).
dns_ip="$(sed -n 's/^CLUSTER_DNS_IP=//p' "$state/cluster.env" 2>/dev/null)"
if [ -z "$only" ] || [ "$only" = dns ]; then
  [ -n "$dns_ip" ] || { echo "$state/cluster.env names no CLUSTER_DNS_IP (a cluster started with --no-dns?)" >&2; exit 2; }
fi
work="${work:-$(mktemp -d /tmp/hc-bench-checkers.XXXXXX)}"
mkdir -p "$work"

# What the image does not ship (scripts/build-images.sh), and symbols and XML docs.
slim() {
  rm -f "$1"/*.pdb "$1"/*.dbg "$1"/*.xml "$1"/libmscordaccore.so "$1"/libmscordbi.so "$1"/libclrgc.so \
    "$1"/libclrgcexp.so "$1"/libcoreclrtraceptprovider.so "$1"/createdump
}

# Publishes once into $work/<variant>/<check> (kept for --work reuse).
publish() {
  local variant="$1" check="$2" out="$work/$1/$2"
  shift 2
  [ -f "$out/.done" ] && return 0
  hc_log "publishing $check ($variant)"
  rm -rf "$out"
  if ! dotnet publish "$@" -o "$out" -nologo -v quiet >"$work/publish-$variant-$check.log" 2>&1; then
    grep -E ' error ' "$work/publish-$variant-$check.log" | sort -u | head -n 20 >&2
    echo "dotnet publish ($variant, $check) failed: $work/publish-$variant-$check.log" >&2
    exit 1
  fi
  # Trim and AOT analysis warnings (the trim and r2r variants suppress them, as the image does).
  if grep -qE 'warning IL[0-9]+' "$work/publish-$variant-$check.log"; then
    echo "warnings publishing $check ($variant):" >&2
    grep -oE '[^ ]*warning IL[0-9]+:.*' "$work/publish-$variant-$check.log" | sed 's/ \[[^]]*\.csproj[^]]*\]$//' | sort -u | head -n 40 >&2
  fi
  touch "$out/.done"
}

# <check> <project folder> <assembly name> <timed path> <NativeAOT project folder>; the timed path:
# "api" (the first API call answers 403, then the report) or "ok" (no API call, an OK report).
checks=(
  "daemonset src/Checks.Daemonset HealthChecks.Checks.Daemonset api src/Checks.Aot/Daemonset"
  "deployment src/Checks.Deployment HealthChecks.Checks.Deployment api src/Checks.Aot/Deployment"
  "dns src/Checks.Dns HealthChecks.Checks.Dns ok src/Checks.Aot/Dns"
  "sdk tests/SdkTestChecker HealthChecks.SdkTestChecker ok tests/SdkTestChecker"
)
sizes="$work/sizes.tsv"
: >"$sizes"
for entry in "${checks[@]}"; do
  read -r check project assembly path native <<<"$entry"
  [ -z "$only" ] || [ "$only" = "$check" ] || continue
  trimmed=(-c Release -r linux-x64 --self-contained -p:PublishTrimmed=true -p:TrimMode=partial
    -p:SuppressTrimAnalysisWarnings=true -p:TreatWarningsAsErrors=false -p:DebugType=none)
  built=()
  if [ -n "$before" ]; then
    publish fdd-before "$check" "$before/$project" -c Release -p:DebugType=none
    publish trim-before "$check" "$before/$project" "${trimmed[@]}"
    built+=(fdd-before trim-before)
  fi
  wants fdd && publish fdd "$check" "$root/$project" -c Release -p:DebugType=none
  wants trim && publish trim "$check" "$root/$project" "${trimmed[@]}"
  wants r2r && publish r2r "$check" "$root/$project" "${trimmed[@]}" -p:PublishReadyToRun=true
  if ! wants aot; then
    :
  elif [ "$check" = sdk ]; then
    # Not written for NativeAOT: its warnings are shown, not failing the publish.
    hc_apt_install clang zlib1g-dev  # NativeAOT links with clang and needs zlib's headers
    publish aot "$check" "$root/$native" -c Release -r linux-x64 -p:PublishAot=true -p:TreatWarningsAsErrors=false
  else
    # The checks' native builds exactly as the images get them (and from the same cache).
    rm -rf "$work/aot/$check"
    hc_publish_aot "$root/$native" "$work/aot/$check" "$work"
  fi
  for variant in $variants; do built+=("$variant"); done
  for variant in "${built[@]}"; do
    slim "$work/$variant/$check"
    printf '%s\t%s\t%s\t%s\t%s\n' "$check" "$variant" "$(du -sb --apparent-size "$work/$variant/$check" | cut -f1)" "$assembly" "$path" >>"$sizes"
  done
done

hc_log "timing ($runs runs per variant after one warm-up)"
python3 - "$state" "$runs" "$work" "$sizes" "$dns_ip" <<'PY'
import http.server, json, os, re, socket, statistics, subprocess, sys, threading, time

state, runs, work, sizes_file, dns_ip = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
nobody = open(os.path.join(state, "kubeconfig-nobody")).read()
upstream = re.search(r"server: https://([0-9.]+):(\d+)", nobody)
up_host, up_port = upstream.group(1), int(upstream.group(2))
marks = {}

# A loopback relay in front of the API server: the first connection of a run is its first API call.
relay = socket.socket(); relay.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
relay.bind(("127.0.0.1", 0)); relay.listen(16)
def pump(src, dst):
    try:
        while (data := src.recv(65536)):
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try: s.shutdown(socket.SHUT_RDWR)
            except OSError: pass
def accept():
    while True:
        client, _ = relay.accept()
        marks.setdefault("api", time.monotonic())
        server = socket.create_connection((up_host, up_port), timeout=10)
        server.settimeout(None)
        threading.Thread(target=pump, args=(client, server), daemon=True).start()
        threading.Thread(target=pump, args=(server, client), daemon=True).start()
threading.Thread(target=accept, daemon=True).start()

# The controller stand-in: GET answers 400 (as upstream's), the report POST is timed.
class Controller(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(400); self.send_header("Content-Length", "0"); self.end_headers()
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        marks.setdefault("report", time.monotonic())
        marks.setdefault("body", body)
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args):
        pass
controller = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Controller)
threading.Thread(target=controller.serve_forever, daemon=True).start()

home = os.path.join(work, "home"); os.makedirs(home, exist_ok=True)
kubeconfig = os.path.join(work, "kubeconfig-nobody-relayed")
with open(kubeconfig, "w") as f:
    f.write(nobody.replace(f"https://{up_host}:{up_port}", f"https://127.0.0.1:{relay.getsockname()[1]}"))

# What each check needs besides the reporting variables; the DNS check's HOSTNAME is the name it resolves.
extra_env = {
    "dns": {"HOSTNAME": "kubernetes.default.svc.cluster.local", "DNS_SERVER": dns_ip, "NODE_MIN_AGE": "0"},
    "sdk": {"TEST_CHECK_MODE": "pass"},
}

def dns_answers(name):
    """True when the cluster's DNS server gives an address for name (one A query over UDP)."""
    query = b"\x00\x01\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00" + b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\x00\x00\x01\x00\x01"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        try:
            s.sendto(query, (dns_ip, 53))
            answer = s.recv(512)
        except OSError:
            return False
    return answer[3] & 0x0F == 0 and int.from_bytes(answer[6:8], "big") > 0

rows = [line.split("\t") for line in open(sizes_file).read().splitlines()]
if any(row[0] == "dns" for row in rows) and not dns_answers(extra_env["dns"]["HOSTNAME"]):
    sys.exit(f"the cluster's DNS server {dns_ip} does not answer {extra_env['dns']['HOSTNAME']}: it runs with the node simulator (up --nodes 1)")

def run(check, path, argv):
    marks.clear()
    env = {"PATH": os.environ["PATH"], "HOME": home, "KUBECONFIG": kubeconfig, "HOSTNAME": "bench",
           "KH_REPORTING_URL": f"http://127.0.0.1:{controller.server_address[1]}/externalCheckStatus",
           "KH_RUN_UUID": "bench", "KH_CHECK_RUN_DEADLINE": str(int(time.time()) + 120), "KH_POD_NAMESPACE": "default",
           "DOTNET_EnableDiagnostics": "0", "DOTNET_gcServer": "0", "DOTNET_CLI_TELEMETRY_OPTOUT": "1"}
    env.update(extra_env.get(check, {}))
    start = time.monotonic()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if "report" not in marks:
        sys.exit(f"{argv[-1]}: no report (exit status {status})")
    if path == "api" and "api" not in marks:
        sys.exit(f"{argv[-1]}: no API call (exit status {status})")
    if path == "ok":
        # A failing report or an API call would time another path than the one measured.
        if "api" in marks:
            sys.exit(f"{argv[-1]}: made an API call")
        if json.loads(marks["body"]).get("OK") is not True:
            sys.exit(f"{argv[-1]}: the report is not OK: {marks['body'].decode()}")
    api = (marks["api"] - start) * 1000 if "api" in marks else None
    return api, (marks["report"] - start) * 1000, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_maxrss / 1024

print(f"{'check':<11} {'variant':<11} {'size MiB':>8} {'first API ms':>12} {'report ms':>9} {'CPU ms':>6} {'peak RSS MiB':>12}")
# Each check's builds take turns run by run, so a busy moment of the machine falls on all of them.
for check in dict.fromkeys(row[0] for row in rows):
    builds = [row for row in rows if row[0] == check]
    def argv_of(variant, name):
        folder = os.path.join(work, variant, check)
        return ["dotnet", os.path.join(folder, name + ".dll")] if variant.startswith("fdd") else [os.path.join(folder, name)]
    for _, variant, _, name, path in builds:
        run(check, path, argv_of(variant, name))  # warm-up: file cache
    samples = {variant: [] for _, variant, _, _, _ in builds}
    for _ in range(runs):
        for _, variant, _, name, path in builds:
            samples[variant].append(run(check, path, argv_of(variant, name)))
    for _, variant, size, name, path in builds:
        report, cpu, rss = (statistics.median(s[i] for s in samples[variant]) for i in range(1, 4))
        api = f"{statistics.median(s[0] for s in samples[variant]):.0f}" if path == "api" else "-"
        print(f"{check:<11} {variant:<11} {int(size) / 1048576:>8.1f} {api:>12} {report:>9.0f} {cpu:>6.0f} {rss:>12.0f}", flush=True)
PY
echo "publish folders in $work"
