#!/usr/bin/env bash
# Builds the local test images (no registry can be reached here), offline and idempotently: an image whose
# recipe has not changed is skipped (see lib.sh). `LOOM_IMAGES_REBUILD=1` forces a rebuild.
#   loom-local/busybox:latest   static busybox rootfs (docker import)
#   loom-local/debian:bookworm  debootstrap --variant=minbase (docker import)
#   loom-local/postgres:15      FROM the Debian base + postgresql-15, official-style entrypoint
set -euo pipefail
cd "$(dirname "$0")"
bash busybox.sh
bash debian.sh
bash postgres.sh
# Old versions of these images (untagged by a rebuild, e.g. a Debian base a rebuilt Postgres no longer uses).
# The label filter keeps this to Loom's own images: the daemon may be shared.
docker image prune -f --filter label=loom.images.recipe >/dev/null
