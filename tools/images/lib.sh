# Shared helpers for the image scripts (sourced, not run).
# Every image carries the label `loom.images.recipe=<sha256 of its recipe files>`: an image whose label
# matches is up to date and skipped, so re-running is cheap and a changed recipe rebuilds by itself.

log() { printf '[images] %s\n' "$*" >&2; }

# recipe_hash FILE… → a short digest of the files that define an image (helpers here are not part of it).
recipe_hash() { cat "$@" | sha256sum | cut -c1-16; }

# image_current NAME HASH → success when NAME exists and was built from the recipe with HASH.
image_current() {
  [ "${LOOM_IMAGES_REBUILD:-0}" = 1 ] && return 1
  local got
  got=$(docker image inspect --format '{{ index .Config.Labels "loom.images.recipe" }}' "$1" 2>/dev/null) || return 1
  [ "$got" = "$2" ]
}

# A scratch directory removed when the script exits, however it exits. A failed debootstrap can leave
# proc/sys mounted inside it: unmount those first, and never let rm cross into another file system.
make_scratch() {
  SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/loom-images.XXXXXX")
  trap drop_scratch EXIT
}

drop_scratch() {
  local mount
  for mount in $(awk -v d="$SCRATCH/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r); do
    umount -l "$mount" 2>/dev/null || true
  done
  rm -rf --one-file-system "$SCRATCH"
}

# drop_previous OLD_ID NAME → remove the image NAME pointed to before a rebuild (now untagged); keeps it
# when a container still uses it.
drop_previous() {
  local now
  now=$(docker image inspect --format '{{.Id}}' "$2" 2>/dev/null || true)
  if [ -n "$1" ] && [ "$1" != "$now" ]; then docker image rm "$1" >/dev/null 2>&1 || true; fi
}

# image_id NAME → the image's id, or nothing.
image_id() { docker image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }
