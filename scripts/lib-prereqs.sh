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
