#!/usr/bin/env bash
# loom-local/busybox:latest — the host's static busybox plus one link per applet, imported as a rootfs.
# Offline: needs only `busybox-static` (apt) and Docker.
set -euo pipefail
cd "$(dirname "$0")"
. ./lib.sh

IMAGE=loom-local/busybox:latest
BUSYBOX=${BUSYBOX:-/bin/busybox}
HASH=$(recipe_hash busybox.sh "$BUSYBOX")
if image_current "$IMAGE" "$HASH"; then log "$IMAGE is up to date"; exit 0; fi
PREVIOUS=$(image_id "$IMAGE")
file -L "$BUSYBOX" 2>/dev/null | grep -q 'statically linked' || [ ! -x /usr/bin/file ] ||
  { log "$BUSYBOX is not static; install busybox-static"; exit 1; }

make_scratch
ROOT=$SCRATCH/rootfs
mkdir -p "$ROOT"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,proc,sys,dev,var/run}
chmod 1777 "$ROOT/tmp"
cp "$BUSYBOX" "$ROOT/bin/busybox"
# `--list-full` gives each applet's conventional path (bin/sh, usr/bin/env, sbin/ifconfig…).
for applet in $("$ROOT/bin/busybox" --list-full); do
  [ -e "$ROOT/$applet" ] || ln "$ROOT/bin/busybox" "$ROOT/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$ROOT/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$ROOT/etc/group"

log "importing $IMAGE"
tar --numeric-owner -C "$ROOT" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["sh"]' \
  --change "LABEL loom.images.recipe=$HASH" \
  - "$IMAGE" >/dev/null
drop_previous "$PREVIOUS" "$IMAGE"
log "$IMAGE built"
