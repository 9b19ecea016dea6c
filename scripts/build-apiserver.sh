#!/usr/bin/env bash
# Builds a real kube-apiserver from Debian's own `kubernetes` source package, for the tests that
# need a Kubernetes API server (tests/servers/kube/). No Debian package ships the server binary,
# so we build it the way docs/test-servers-kubernetes.md (and ../shared/reference/kubernetes/
# APISERVER.md) describe, and cache it:
#   ~/.cache/meshscope/bin/kube-apiserver   the binary the tests run
#   ~/.cache/meshscope/gocache              Go build cache (a warm rebuild takes ~2 min), 1.2 GB
#   ~/.cache/meshscope/apiserver-build      private apt state, source tree, GOPATH
# When the cached binary exists and answers --version, nothing is done.
# MESHSCOPE_CACHE overrides ~/.cache/meshscope; --force rebuilds; --clean drops the source tree
# and _output afterwards (keeps the binary and the Go cache).
set -euo pipefail

cache="${MESHSCOPE_CACHE:-$HOME/.cache/meshscope}"
bin="$cache/bin/kube-apiserver"
force=0
clean=0
for arg in "$@"; do
    case "$arg" in
    --force) force=1 ;;
    --clean) clean=1 ;;
    *)
        echo "usage: $0 [--force] [--clean]" >&2
        exit 2
        ;;
    esac
done

if [[ $force -eq 0 && -x "$bin" ]] && "$bin" --version >/dev/null 2>&1; then
    echo "kube-apiserver: cached at $bin ($("$bin" --version))"
    exit 0
fi

# Build dependencies. etcd-server and openssl are what the tests need at run time as well
# (scripts/deps.sh --test installs those two).
build_deps=(golang-1.19-go rsync make etcd-server golang-github-modern-go-reflect2-dev openssl
    dpkg-dev ca-certificates)
missing=()
for p in "${build_deps[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
sudo=""
if [[ $(id -u) -ne 0 ]]; then
    sudo="sudo"
fi
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "build-apiserver: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    # Several builds may share the machine: wait for apt's locks (the archives lock is not
    # covered by DPkg::Lock::Timeout) instead of failing on them.
    for attempt in $(seq 1 60); do
        if $sudo apt-get -o DPkg::Lock::Timeout=900 update -qq &&
            $sudo apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends \
                "${missing[@]}"; then
            break
        fi
        [[ $attempt -eq 60 ]] && exit 1
        echo "build-apiserver: apt busy, retrying in 15 s" >&2
        sleep 15
    done
fi

work="$cache/apiserver-build"
aptdir="$work/apt"
mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial" "$work/src" "$cache/bin"

# A private sources list with deb-src lines for the system's own Debian mirrors, so the
# system's apt configuration is never touched.
srclist="$aptdir/sources.list"
: >"$srclist"
emit_deb822() { # file: turn every "Types: deb" stanza into deb-src lines
    awk '
        function flush() {
            if (types ~ /(^| )deb( |$)/ && uris != "" && suites != "") {
                n = split(suites, s, " ")
                for (i = 1; i <= n; i++) {
                    opt = (signed != "") ? " [signed-by=" signed "]" : ""
                    print "deb-src" opt " " uris " " s[i] " " comps
                }
            }
            types = uris = suites = comps = signed = ""
        }
        /^[[:space:]]*#/ { next }
        /^[[:space:]]*$/ { flush(); next }
        /^Types:/      { sub(/^Types:[[:space:]]*/, "");      types = $0 }
        /^URIs:/       { sub(/^URIs:[[:space:]]*/, "");       uris = $0 }
        /^Suites:/     { sub(/^Suites:[[:space:]]*/, "");     suites = $0 }
        /^Components:/ { sub(/^Components:[[:space:]]*/, ""); comps = $0 }
        /^Signed-By:/  { sub(/^Signed-By:[[:space:]]*/, "");  signed = $0 }
        END { flush() }' "$1"
}
for f in /etc/apt/sources.list.d/*.sources; do
    [[ -e "$f" ]] && emit_deb822 "$f" >>"$srclist"
done
if [[ -f /etc/apt/sources.list ]]; then
    sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' /etc/apt/sources.list >>"$srclist"
fi
# Only Debian's own archive has the kubernetes source package; other vendors' lists would only
# slow the update down or fail it.
grep -E 'debian' "$srclist" >"$srclist.tmp" || true
mv "$srclist.tmp" "$srclist"
if [[ ! -s "$srclist" ]]; then
    echo "build-apiserver: no Debian mirror found in /etc/apt to fetch the kubernetes source from" >&2
    exit 1
fi

apt_private=(-o "Dir::Etc::SourceList=$srclist" -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::State::Lists=$aptdir/lists" -o "Dir::Cache=$aptdir/cache")

start=$(date +%s)
cd "$work/src"
if ! ls kubernetes_*.dsc >/dev/null 2>&1; then
    apt-get "${apt_private[@]}" update -qq
    apt-get "${apt_private[@]}" source --download-only kubernetes
fi
dsc=$(ls kubernetes_*.dsc | head -n1)
tree="$work/src/kubernetes"
if [[ ! -f "$tree/cmd/kube-apiserver/apiserver.go" ]]; then
    rm -rf "$tree"
    dpkg-source --no-check -x "$dsc" "$tree"
fi

# vendored reflect2 v1.0.1 crashes the server on the first custom-resource create under
# Go >= 1.18 (upstream modern-go/reflect2 issue #26); Debian's 1.0.2 is fixed.
reflect2_src=/usr/share/gocode/src/github.com/modern-go/reflect2
reflect2_dst="$tree/vendor/github.com/modern-go/reflect2"
if ! cmp -s "$reflect2_src/reflect2.go" "$reflect2_dst/reflect2.go"; then
    rm -rf "$reflect2_dst"
    cp -r "$reflect2_src" "$reflect2_dst"
    rm -f "$reflect2_dst/go.mod" "$reflect2_dst/go.sum"
fi

# GOPATH layout as Debian's debian/rules builds it.
gopath="$work/gopath"
mkdir -p "$gopath/src/k8s.io"
ln -sfn "$tree" "$gopath/src/k8s.io/kubernetes"

export GOPATH="$gopath"
export CGO_ENABLED=0 GOPROXY=off
export PATH="/usr/lib/go-1.19/bin:$PATH"
cd "$gopath/src/k8s.io/kubernetes"
# hack/lib/golang.sh sets GOCACHE to _output/local/go/cache whatever we export; point that at the
# cache folder so the Go cache outlives the source tree (--clean) and makes a rebuild warm.
mkdir -p "$cache/gocache" _output/local/go
if [[ -d _output/local/go/cache && ! -L _output/local/go/cache ]]; then
    rm -rf "$cache/gocache"
    mv _output/local/go/cache "$cache/gocache"
fi
ln -sfn "$cache/gocache" _output/local/go/cache
make WHAT=cmd/kube-apiserver

install -m 0755 _output/bin/kube-apiserver "$bin.new"
mv "$bin.new" "$bin"
end=$(date +%s)
echo "kube-apiserver: built in $((end - start)) s: $("$bin" --version) at $bin"

if [[ $clean -eq 1 ]]; then
    rm -rf "$tree" "$gopath"
fi
