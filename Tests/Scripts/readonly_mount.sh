#!/bin/sh
# Runs a command on a copy of a folder that sits on a read-only file system, where no one, root
# included, can create or change a file:
#
#   readonly_mount.sh SOURCE MOUNTPOINT COMMAND [ARGUMENT...]
#
# In a private mount namespace (unshare; a user namespace too when not root) a tmpfs is mounted on
# MOUNTPOINT (an existing empty folder), SOURCE's content copied into it, the tmpfs remounted
# read-only, a write into it tried (and required to fail), then COMMAND run; its exit status is
# returned. Nothing is mounted outside the namespace. Exits 77 when such a mount cannot be made
# here (no unshare, user namespaces disabled, no privilege). Used by Tests/RunKitCLITests.
set -eu
source=$1
mountpoint=$2
shift 2

if [ "${RUNKIT_READONLY_MOUNT_INSIDE:-}" != 1 ]; then
    if [ "$(id -u)" = 0 ]; then
        namespace="unshare --mount --propagation private"
    else
        namespace="unshare --map-root-user --mount --propagation private"
    fi
    command -v unshare > /dev/null 2>&1 || exit 77
    $namespace sh -c "mount -t tmpfs -o size=1m tmpfs '$mountpoint'" > /dev/null 2>&1 || exit 77
    RUNKIT_READONLY_MOUNT_INSIDE=1 exec $namespace sh "$0" "$source" "$mountpoint" "$@"
fi

mount -t tmpfs -o size=256m tmpfs "$mountpoint"
cp -R "$source"/. "$mountpoint"/
mount -o remount,ro,bind "$mountpoint"
if touch "$mountpoint/.written" 2> /dev/null; then
    echo "readonly_mount.sh: $mountpoint is still writable" >&2
    exit 1
fi
exec "$@"
