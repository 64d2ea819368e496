#!/usr/bin/env bash
# loom-local/debian:bookworm — `debootstrap --variant=minbase` imported as a rootfs (no registry needed; the
# packages come from the host's Debian mirror). Slow the first time (~1-2 min), skipped afterwards.
set -euo pipefail
cd "$(dirname "$0")"
. ./lib.sh

IMAGE=loom-local/debian:bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
HASH=$(recipe_hash debian.sh)
if image_current "$IMAGE" "$HASH"; then log "$IMAGE is up to date"; exit 0; fi
PREVIOUS=$(image_id "$IMAGE")
command -v debootstrap >/dev/null || { log "debootstrap is missing: apt-get install debootstrap"; exit 1; }

make_scratch
ROOT=$SCRATCH/rootfs
log "debootstrap bookworm (minbase) from $MIRROR"
debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" >"$SCRATCH/debootstrap.log" 2>&1 ||
  { tail -n 20 "$SCRATCH/debootstrap.log" >&2; exit 1; }
# Keep the image small and reproducible-ish: no package cache, no lists (apt-get update fetches them).
rm -rf "$ROOT"/var/cache/apt/archives/*.deb "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/log/*.log "$ROOT"/tmp/*
# Docker manages these; debootstrap copied the host's.
: >"$ROOT/etc/resolv.conf"
printf 'localhost\n' >"$ROOT/etc/hostname"

log "importing $IMAGE"
tar --numeric-owner -C "$ROOT" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["bash"]' \
  --change "LABEL loom.images.recipe=$HASH" \
  - "$IMAGE" >/dev/null
drop_previous "$PREVIOUS" "$IMAGE"
log "$IMAGE built"
