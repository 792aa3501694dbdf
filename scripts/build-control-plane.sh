#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager and kube-scheduler from Debian's `kubernetes`
# source package (DESIGN.md §5) into $HC_CACHE/k8s-1.20.2. A second run finds them and returns.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib-prereqs.sh"

bins=(kube-apiserver kube-controller-manager kube-scheduler)
have_all() { local b; for b in "${bins[@]}"; do [ -x "$K8S_BIN/$b" ] || return 1; done; }

hc_apt_install etcd-server openssl curl jq
if have_all; then hc_log "control plane binaries cached in $K8S_BIN"; exit 0; fi

hc_enable_deb_src
hc_apt_install golang-go rsync golang-github-modern-go-reflect2-dev dpkg-dev

work="$HC_CACHE/k8s-build"
rm -rf "$work"; mkdir -p "$work"; cd "$work"
hc_log "fetching the kubernetes $K8S_VERSION source package"
apt-get source --download-only kubernetes >/dev/null
tar xzf kubernetes_*.orig.tar.gz
cd "kubernetes-$K8S_VERSION"

# reflect2 1.0.1 (vendored) crashes under Go >= 1.19: use Debian's packaged reflect2 instead.
rm -rf vendor/github.com/modern-go/reflect2
cp -r /usr/share/gocode/src/github.com/modern-go/reflect2 vendor/github.com/modern-go/
rm -f vendor/github.com/modern-go/reflect2/go.mod
# The vendored OpenAPI validators treat "", 0 and false as null under Go >= 1.18, which would
# reject a khstate with `Node: ""`. Patch both copies to test for nil only.
sed -i 's/if data == nil || reflect.DeepEqual(reflect.Zero(reflect.TypeOf(data)), reflect.ValueOf(data)) {/if data == nil {/' \
  vendor/github.com/go-openapi/validate/type.go vendor/k8s.io/kube-openapi/pkg/validation/validate/type.go
grep -q 'if data == nil {' vendor/k8s.io/kube-openapi/pkg/validation/validate/type.go

mkdir -p .go/src/k8s.io && ln -sfn ../../.. .go/src/k8s.io/kubernetes
hc_log "compiling (about 12 minutes on 2 cores)"
GOPATH=$PWD/.go CGO_ENABLED=0 GOFLAGS=-mod=vendor make WHAT="cmd/kube-apiserver cmd/kube-controller-manager cmd/kube-scheduler" >"$work/make.log" 2>&1 \
  || { tail -40 "$work/make.log" >&2; exit 1; }

mkdir -p "$K8S_BIN.tmp"
for b in "${bins[@]}"; do cp "_output/bin/$b" "$K8S_BIN.tmp/"; done
rm -rf "$K8S_BIN"; mv "$K8S_BIN.tmp" "$K8S_BIN"
cd /; rm -rf "$work"
hc_log "control plane binaries in $K8S_BIN"
