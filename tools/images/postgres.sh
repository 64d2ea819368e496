#!/usr/bin/env bash
# loom-local/postgres:15 — built FROM loom-local/debian:bookworm with the legacy builder (no buildx here);
# apt fetches postgresql-15 from Debian's mirror.
set -euo pipefail
cd "$(dirname "$0")"
. ./lib.sh

IMAGE=loom-local/postgres:15
BASE=loom-local/debian:bookworm
BASE_ID=$(docker image inspect --format '{{.Id}}' "$BASE" 2>/dev/null) || { log "$BASE is missing: run debian.sh first"; exit 1; }
# The base's id is part of the recipe: a rebuilt base rebuilds this image too.
HASH=$( (cat postgres.sh postgres/Dockerfile postgres/docker-entrypoint.sh; echo "$BASE_ID") | sha256sum | cut -c1-16)
if image_current "$IMAGE" "$HASH"; then log "$IMAGE is up to date"; exit 0; fi
PREVIOUS=$(image_id "$IMAGE")

log "building $IMAGE"
make_scratch
# The output is only shown when the build fails (the legacy builder also prints a deprecation notice).
DOCKER_BUILDKIT=0 docker build --rm --force-rm --label "loom.images.recipe=$HASH" -t "$IMAGE" postgres \
  >"$SCRATCH/build.log" 2>&1 || { tail -n 30 "$SCRATCH/build.log" >&2; exit 1; }
drop_previous "$PREVIOUS" "$IMAGE"
log "$IMAGE built"
