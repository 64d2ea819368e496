#!/usr/bin/env bash
# Sets a machine up for Loom development: pnpm at the pinned version, system packages, a running Docker
# engine, the local test images, dependencies (frozen lockfile) and the build. Idempotent; each step is
# skipped quickly when its work is already done. Add new needs as one more `ensure_*` function.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9
APT_PACKAGES=(git zstd tar debootstrap busybox-static keepassxc chromium tmux)
APT_UPDATED=0

log() { printf '[setup] %s\n' "$*" >&2; }

apt_install() {
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_apt_packages() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then apt_install "${missing[@]}"; fi
}

ensure_pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then return; fi
  log "installing pnpm $PNPM_VERSION"
  npm i -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1
}

# A Docker client alone is on these machines; the engine comes from Debian's docker.io.
ensure_docker() {
  if docker info >/dev/null 2>&1; then return; fi
  if ! command -v dockerd >/dev/null 2>&1; then apt_install docker.io; fi
  if ! docker info >/dev/null 2>&1; then
    log "starting dockerd"
    (nohup dockerd >/tmp/loom-dockerd.log 2>&1 &)
    for _ in $(seq 1 60); do
      docker info >/dev/null 2>&1 && break
      sleep 1
    done
  fi
  docker info >/dev/null 2>&1 || { log "dockerd did not start; see /tmp/loom-dockerd.log"; exit 1; }
}

ensure_images() {
  bash tools/images/build-all.sh
}

ensure_dependencies() {
  log "pnpm install --frozen-lockfile"
  pnpm install --frozen-lockfile --reporter=silent
}

ensure_build() {
  log "build"
  pnpm run --silent build
}

ensure_apt_packages
ensure_pnpm
ensure_docker
ensure_images
ensure_dependencies
ensure_build
log "ready"
