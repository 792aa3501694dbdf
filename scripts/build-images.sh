#!/usr/bin/env bash
# Builds the four container images without a Docker engine, with buildah, as OCI archives:
#   healthchecks/controller        src/Controller
#   healthchecks/daemonset-check   src/Checks.Aot/Daemonset (the sources of src/Checks.Daemonset)
#   healthchecks/deployment-check  src/Checks.Aot/Deployment (the sources of src/Checks.Deployment)
#   healthchecks/dns-check         src/Checks.Aot/Dns (the sources of src/Checks.Dns)
# Each image is two layers: a base shared by all four (glibc, libstdc++, OpenSSL from this Debian,
# /etc/passwd with the user 999, an empty /tmp) and the program. The controller is published
# self-contained for linux-x64 with the framework trimmed (TrimMode=partial: our code and its
# packages stay whole). The checks are native programs: src/Checks.Aot/<Name>, the same sources on
# KubernetesClient.Aot, published with NativeAOT (1.5 to 7 minutes each; kept in the cache, see
# hc_publish_aot in scripts/lib-publish.sh).
# They run as 999:999 (the chart's runAsUser) and need nothing writable but /tmp. The controller
# also answers to /app/kuberhealthy, the command upstream's Helm values give.
#
# Usage: scripts/build-images.sh [--out DIR] [--tag TAG] [--only NAME]
#   DIR  where the archives go (default artifacts/images): DIR/<name>-<tag>.oci.tar
#   TAG  the image tag (default the chart's appVersion, which the chart uses as its default tag)
#   NAME one of controller, daemonset-check, deployment-check, dns-check
# Load an archive elsewhere with e.g. `skopeo copy oci-archive:FILE docker://REGISTRY/healthchecks/NAME:TAG`.
# Prints a table of the images and their sizes (uncompressed, and as gzip layers would ship).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
. "$here/lib-prereqs.sh"
. "$here/lib-publish.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

out="$root/artifacts/images"
tag="$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$root/charts/healthchecks/Chart.yaml")"
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --tag) tag="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$tag" ] || { echo "no --tag and no appVersion in charts/healthchecks/Chart.yaml" >&2; exit 2; }
command -v dotnet >/dev/null || { echo "dotnet (the .NET 10 SDK) is required and not on PATH" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "buildah needs root here (it mounts the image's file system)" >&2; exit 1; }

# name, project, entrypoint (the program's file name), how it is published
images=(
  "controller src/Controller HealthChecks.Controller trimmed"
  "daemonset-check src/Checks.Aot/Daemonset HealthChecks.Checks.Daemonset aot"
  "deployment-check src/Checks.Aot/Deployment HealthChecks.Checks.Deployment aot"
  "dns-check src/Checks.Aot/Dns HealthChecks.Checks.Dns aot"
)

hc_apt_install buildah
mkdir -p "$out"
work="$(mktemp -d /tmp/hc-images.XXXXXX)"
# buildah's own storage, private to this build (and removed after), not the machine's.
storage=(--root "$work/storage" --runroot "$work/run" --storage-driver vfs)
containers=()
cleanup() {
  local c
  for c in "${containers[@]}"; do buildah "${storage[@]}" rm "$c" >/dev/null 2>&1 || true; done
  buildah "${storage[@]}" rmi --all --force >/dev/null 2>&1 || true
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT

# The base: the shared libraries .NET loads (ldd of libcoreclr and the native shims, plus the
# OpenSSL it dlopens for TLS), the loader, a passwd/group naming 999, nsswitch for the resolver.
hc_log "base layer"
base="$(buildah "${storage[@]}" from scratch)"; containers+=("$base")
rootfs="$work/base"
mkdir -p "$rootfs/lib/x86_64-linux-gnu" "$rootfs/lib64" "$rootfs/etc" "$rootfs/tmp" "$rootfs/app"
for lib in libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libgcc_s.so.1 libstdc++.so.6 libssl.so.3 libcrypto.so.3; do
  cp -L "/lib/x86_64-linux-gnu/$lib" "$rootfs/lib/x86_64-linux-gnu/"
done
cp -L /lib64/ld-linux-x86-64.so.2 "$rootfs/lib64/"
printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:999:999:healthchecks:/app:/sbin/nologin\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\napp:x:999:\n' >"$rootfs/etc/group"
printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
chmod 1777 "$rootfs/tmp"
find "$rootfs" -exec touch -h -d @0 {} +
buildah "${storage[@]}" copy --quiet "$base" "$rootfs" / >/dev/null
buildah "${storage[@]}" commit --quiet --format oci --timestamp 0 --omit-history "$base" healthchecks-base >/dev/null

printf '%-18s %-34s %10s %10s\n' image reference size gzipped >"$work/sizes"
for entry in "${images[@]}"; do
  read -r name project app how <<<"$entry"
  [ -z "$only" ] || [ "$only" = "$name" ] || continue
  publish="$work/publish/$name"
  if [ "$how" = aot ]; then
    hc_publish_aot "$root/$project" "$publish" "$work"
  else
    hc_log "publishing $project (self-contained, framework trimmed)"
    hc_publish_trimmed "$root/$project" "$publish" "$work"
  fi
  [ "$name" = controller ] && ln -s "$app" "$publish/kuberhealthy"
  find "$publish" -exec touch -h -d @0 {} +

  hc_log "image healthchecks/$name:$tag"
  ctr="$(buildah "${storage[@]}" from healthchecks-base)"; containers+=("$ctr")
  buildah "${storage[@]}" copy --quiet --chown 0:0 "$ctr" "$publish" /app >/dev/null
  config=(--entrypoint "[\"/app/$app\"]" --workingdir /app --user 999:999
    --env DOTNET_EnableDiagnostics=0 --env DOTNET_gcServer=0 --env TMPDIR=/tmp
    --label org.opencontainers.image.title="healthchecks/$name" --label org.opencontainers.image.version="$tag"
    --label org.opencontainers.image.description="HealthChecks $name (Kuberhealthy v2 compatible)")
  [ "$name" = controller ] && config+=(--port 8080/tcp)
  buildah "${storage[@]}" config "${config[@]}" "$ctr"
  archive="$out/$name-$tag.oci.tar"
  rm -f "$archive"
  buildah "${storage[@]}" commit --quiet --format oci --timestamp 0 --omit-history "$ctr" "oci-archive:$archive:healthchecks/$name:$tag" >/dev/null

  size="$(du -m --apparent-size "$archive" | cut -f1)"
  gz="$(tar -xOf "$archive" --wildcards 'blobs/sha256/*' | gzip -1 -c | wc -c)"
  printf '%-18s %-34s %8s MB %8s MB\n' "$name" "healthchecks/$name:$tag" "$size" "$((gz / 1024 / 1024))" >>"$work/sizes"
done
cat "$work/sizes"
echo "archives in $out"
