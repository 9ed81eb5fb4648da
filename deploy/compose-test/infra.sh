#!/usr/bin/env bash
# Everything `npm run test:compose` needs on this machine, installed and built when absent:
# Docker Engine (Debian's docker.io) and its daemon, the Compose v2 plugin (Debian trixie's
# docker-compose .deb, unpacked: bookworm's own docker-compose is the old Python 1.x),
# debootstrap, a Debian base image, and the stand-ins built from it (images/*). Cached: the
# debootstrap rootfs and every image carry a hash of their inputs and are rebuilt only when
# those change. No registry is reachable here: nothing is pulled.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE=/var/cache/covid-compose
PLUGIN=/usr/local/lib/docker/cli-plugins/docker-compose
mkdir -p "$CACHE"
log() { echo "[compose-test infra] $*" >&2; }

# The machine's configured Debian mirror (deb822 or one-line sources).
mirror() {
  local m
  m="$(awk '/^URIs:/ && $2 ~ /\/debian\/?$/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)"
  [ -n "$m" ] || m="$(awk '$1=="deb" && $0 ~ / bookworm / {for(i=2;i<=NF;i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -1)"
  echo "${m:-http://deb.debian.org/debian}"
}

apt_updated=0
apt_install() {
  [ "$apt_updated" = 1 ] || { apt-get update -q >/dev/null; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

# suite_download SUITE PACKAGE DIR: the .deb of PACKAGE from the configured mirror's SUITE (a
# Debian release newer than the machine's), into DIR, through a temporary source list for
# `apt-get download` (the system's apt sources and lists stay untouched; nothing is installed).
suite_download() {
  local suite="$1" pkg="$2" dir="$3" t
  t="$(mktemp -d)"
  mkdir -p "$t/lists/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(mirror) $suite main" > "$t/sources.list"
  local o=(-o "Dir::Etc::SourceList=$t/sources.list" -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$t/lists")
  apt-get "${o[@]}" update -q >/dev/null 2>&1
  (cd "$dir" && apt-get "${o[@]}" download "$pkg" >/dev/null 2>&1)
  rm -rf "$t"
  ls "$dir"/"${pkg}"_*.deb >/dev/null
}

install_tools() {
  command -v dockerd >/dev/null || { log "installing docker.io"; apt_install docker.io; }
  command -v docker >/dev/null || apt_install docker.io
  command -v debootstrap >/dev/null || { log "installing debootstrap"; apt_install debootstrap; }
  if [ ! -x "$PLUGIN" ]; then
    log "installing the Compose v2 plugin from Debian trixie's docker-compose package"
    local t; t="$(mktemp -d)"
    suite_download trixie docker-compose "$t"
    dpkg-deb -x "$t"/docker-compose_*.deb "$t/x"
    install -D -m 755 "$t/x/usr/libexec/docker/cli-plugins/docker-compose" "$PLUGIN"
    rm -rf "$t"
  fi
  docker compose version >/dev/null
}

start_dockerd() {
  if docker info >/dev/null 2>&1; then return; fi
  log "starting dockerd"
  nohup dockerd >>/var/log/covid-compose-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && return; sleep 1; done
  log "dockerd did not start; see /var/log/covid-compose-dockerd.log"; exit 1
}

# A hash of files' contents plus extra strings: the cache key of an image.
key() { { cat "$@" 2>/dev/null; } | sha256sum | cut -c1-16; }

base_image() {
  local img=covid-compose/debian:bookworm
  docker image inspect "$img" >/dev/null 2>&1 && return
  if [ ! -f "$CACHE/rootfs.tar" ]; then
    log "debootstrap --variant=minbase bookworm from $(mirror)"
    rm -rf "$CACHE/rootfs.tmp"
    debootstrap --variant=minbase bookworm "$CACHE/rootfs.tmp" "$(mirror)" >"$CACHE/debootstrap.log" 2>&1
    # The image's apt uses the same mirror as this machine.
    echo "deb $(mirror) bookworm main" > "$CACHE/rootfs.tmp/etc/apt/sources.list"
    tar -C "$CACHE/rootfs.tmp" -cf "$CACHE/rootfs.tar" .
    rm -rf "$CACHE/rootfs.tmp"
  fi
  log "importing the Debian base image"
  docker import "$CACHE/rootfs.tar" "$img" >/dev/null
}

# build NAME CONTEXT_DIR [build args…]: tags covid-compose/NAME:latest, rebuilding only when the
# context (and the base image) changed.
build() {
  local name="$1" ctx="$2"; shift 2
  local base_id k
  base_id="$(docker image inspect -f '{{.Id}}' covid-compose/debian:bookworm)"
  k="$( (echo "$base_id $*"; find "$ctx" -type f -print0 | sort -z | xargs -0 sha256sum | cut -c1-64) | sha256sum | cut -c1-16)"
  if docker image inspect "covid-compose/$name:$k" >/dev/null 2>&1; then
    docker tag "covid-compose/$name:$k" "covid-compose/$name:latest"
    return
  fi
  log "building covid-compose/$name"
  docker build -q --build-arg BASE=covid-compose/debian:bookworm "$@" -t "covid-compose/$name:$k" -t "covid-compose/$name:latest" "$ctx" >/dev/null
}

images() {
  base_image
  for n in postgres socat; do build "$n" "$HERE/images/$n"; done
  # Contexts with files from this machine: forky's nats-server package, the bun binary of
  # node_modules, the npm CA bundle, the compose plugin. Assembled in a temporary folder, never
  # in the repository.
  local t; t="$(mktemp -d)"
  trap 'rm -rf "$t"' RETURN
  mkdir "$t/nats" "$t/bun" "$t/host"
  # nats:2.15-alpine's stand-in runs a 2.15 server, from Debian forky's package: bookworm's
  # nats-server is 2.9.10 and trixie's 2.10.27, whose clustered JetStream recovery after a full
  # restart failed in run 23 (docs/deployment-compose.md). The binary needs only glibc >= 2.34
  # (bookworm has 2.36). Downloaded once (cached; the file name carries the version), so the
  # image key changes only when the cached package does.
  if ! ls "$CACHE"/nats-server_2.15.*.deb >/dev/null 2>&1; then
    log "downloading nats-server from Debian forky"
    suite_download forky nats-server "$CACHE"
  fi
  cp "$HERE/images/nats/Dockerfile" "$t/nats/"
  cp "$(ls "$CACHE"/nats-server_2.15.*.deb | tail -1)" "$t/nats/nats-server.deb"
  build nats "$t/nats"
  cp "$HERE/images/bun/Dockerfile" "$t/bun/"
  cp "$ROOT/node_modules/bun/bin/bun.exe" "$t/bun/bun"
  local registry cafile
  registry="$(cd "$ROOT" && npm config get registry)"
  cafile="$(cd "$ROOT" && npm config get cafile)"
  if [ -n "$cafile" ] && [ "$cafile" != "null" ] && [ -r "$cafile" ]; then cp "$cafile" "$t/bun/npm-ca.crt"; else cp /etc/ssl/certs/ca-certificates.crt "$t/bun/npm-ca.crt"; fi
  build bun "$t/bun" --build-arg "NPM_CONFIG_REGISTRY=$registry"
  cp "$HERE/images/host/"* "$t/host/"
  cp "$PLUGIN" "$t/host/docker-compose"
  build host "$t/host"
}

case "${1:-all}" in
  tools) install_tools ;;
  dockerd) start_dockerd ;;
  images) images ;;
  all) install_tools; start_dockerd; images ;;
  *) echo "usage: $0 [all|tools|dockerd|images]" >&2; exit 2 ;;
esac
