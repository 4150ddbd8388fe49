#!/usr/bin/env bash
# chroot-wireshark.sh - build siphop and run its tests against the Wireshark of
# another Debian release, inside a debootstrap chroot.
#
#   tools/chroot-wireshark.sh SUITE [COMMAND...]
#
#   SUITE    bookworm (Wireshark 4.0), trixie (4.4) or sid (4.6)
#   COMMAND  what to run inside, from the source tree (default: configure with
#            -DSIPHOP_WERROR=ON, build, ctest). E.g. `tshark -v`, `bash`.
#
# The chroot is created once (debootstrap, then the build dependencies with
# apt-get) and cached in ${SIPHOP_CHROOT_DIR:-/var/tmp/siphop-chroots}/SUITE;
# later runs reuse it and only install packages that are missing. Inside:
#   /src/siphop          this repository, read-only
#   /src/shared/corpus   ../shared/corpus beside it, read-only, when present
#                        (so the corpus test runs, or skips as it does outside)
#   /build/siphop        the build directory (kept between runs)
#   /proc, /dev          bound from the host
# All mounts live in a private mount namespace (unshare -m): they disappear
# when the script ends, however it ends, and never show on the host.
#
# Needs root and debootstrap (installed with apt-get when missing). Safe to run
# again and to run concurrently: one lock per suite.
#
# Environment:
#   SIPHOP_CHROOT_DIR      where the chroots live (default /var/tmp/siphop-chroots)
#   SIPHOP_DEBIAN_MIRROR   Debian mirror (default http://deb.debian.org/debian)
#   SIPHOP_CHROOT_REBUILD  1: start from an empty build directory
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

usage() {
    sed -n '2,/^# SPDX-License-Identifier/p' "$0" | head -n -2 | sed -e 's/^# \{0,1\}//' >&2
    exit 2
}
[ $# -ge 1 ] || usage
suite=$1
shift
case $suite in
    bookworm | trixie | sid) ;;
    -h | --help) usage ;;
    *) echo "chroot-wireshark: unknown suite '$suite' (bookworm, trixie or sid)" >&2; exit 2 ;;
esac
[ "$(id -u)" = 0 ] || { echo "chroot-wireshark: needs root (debootstrap, chroot, mounts)" >&2; exit 2; }

script=$(readlink -f "${BASH_SOURCE[0]}")
repo=$(cd "$(dirname "$script")/.." && pwd)

# Everything below runs in a private mount namespace.
if [ -z "${SIPHOP_CHROOT_NS:-}" ]; then
    SIPHOP_CHROOT_NS=1 exec unshare --mount --propagation private -- "$script" "$suite" "$@"
fi

dir=${SIPHOP_CHROOT_DIR:-/var/tmp/siphop-chroots}
root=$dir/$suite
mirror=${SIPHOP_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# The build dependencies (tools/install-deps.sh), util-linux for setpriv (the
# tests run tshark as nobody), file for the .deb's library dependencies.
packages=(build-essential cmake pkg-config libglib2.0-dev zlib1g-dev wireshark-dev tshark python3 util-linux file)
stamp=$root/.siphop-chroot

log() { printf 'chroot-wireshark[%s]: %s\n' "$suite" "$*" >&2; }

mkdir -p "$dir"
exec 9>"$dir/$suite.lock"
if ! flock -n 9; then
    log "waiting for another run on $root"
    flock 9
fi

# Refuse to delete a tree that still has something mounted inside it.
remove_tree() {
    if awk -v p="$1" '$5 == p || index($5, p "/") == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
        log "$1 has mounts inside; not removing it"
        exit 1
    fi
    rm -rf --one-file-system "$1"
}

in_chroot() {
    chroot "$1" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "${@:2}"
}

# The chroot's /proc and /dev, also needed by apt's maintainer scripts.
mount_sys() {
    mount -t proc proc "$1/proc"
    mount --rbind /dev "$1/dev"
}

umount_all() {
    # Deepest first; the namespace drops them anyway when the script ends.
    awk -v p="$root" '$5 == p || index($5, p "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r |
        while read -r m; do umount -l "$m" 2>/dev/null || true; done
}

create() {
    local new=$root.new
    command -v debootstrap >/dev/null || {
        log "installing debootstrap"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null ||
            { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
    }
    [ -e "$new" ] && remove_tree "$new"
    log "debootstrap $suite into $new (a few minutes)"
    debootstrap --variant=minbase "$suite" "$new" "$mirror" >"$dir/$suite.debootstrap.log" 2>&1 || {
        tail -20 "$dir/$suite.debootstrap.log" >&2
        log "debootstrap failed; full log in $dir/$suite.debootstrap.log"
        exit 1
    }
    # No documentation or translations: smaller and faster.
    cat >"$new/etc/dpkg/dpkg.cfg.d/01-siphop-nodoc" <<'EOF'
path-exclude /usr/share/doc/*
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
EOF
    mv "$new" "$root"
}

configure_apt() {
    printf 'deb %s %s main\n' "$mirror" "$suite" >"$root/etc/apt/sources.list"
    # A mirror that is a dated snapshot serves sid with an expired Release
    # file: accept it (this chroot only builds and tests).
    cat >"$root/etc/apt/apt.conf.d/01-siphop" <<'EOF'
APT::Install-Recommends "false";
Acquire::Languages "none";
Acquire::Check-Valid-Until "false";
EOF
    cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
}

install_packages() {
    local want="${packages[*]}"
    [ -f "$stamp" ] && [ "$(head -1 "$stamp")" = "$want" ] && return 0
    configure_apt
    log "installing ${packages[*]}"
    mount_sys "$root"
    in_chroot "$root" apt-get update -qq || { log "apt-get update failed (mirror $mirror)"; exit 1; }
    in_chroot "$root" apt-get install -y -qq "${packages[@]}" >"$dir/$suite.apt.log" 2>&1 || {
        tail -20 "$dir/$suite.apt.log" >&2
        log "apt-get install failed; full log in $dir/$suite.apt.log"
        exit 1
    }
    in_chroot "$root" apt-get clean
    umount_all
    { echo "$want"; in_chroot "$root" dpkg-query -W -f '${Package} ${Version}\n' tshark wireshark-dev cmake gcc python3; } >"$stamp"
}

trap umount_all EXIT
[ -d "$root" ] || create
install_packages
log "$(in_chroot "$root" tshark -v 2>/dev/null | head -1)"

mount_sys "$root"
mkdir -p "$root/src/siphop" "$root/src/shared/corpus" "$root/build/siphop"
mount --bind "$repo" "$root/src/siphop"
mount -o remount,bind,ro "$root/src/siphop"
if [ -d "$repo/../shared/corpus" ]; then
    mount --bind "$repo/../shared/corpus" "$root/src/shared/corpus"
    mount -o remount,bind,ro "$root/src/shared/corpus"
else
    rmdir "$root/src/shared/corpus" 2>/dev/null || true
fi
if [ "${SIPHOP_CHROOT_REBUILD:-0}" = 1 ]; then
    rm -rf --one-file-system "$root/build/siphop"
    mkdir -p "$root/build/siphop"
fi

if [ $# -eq 0 ]; then
    set -- bash -c 'set -e
cmake -S /src/siphop -B /build/siphop -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIPHOP_WERROR=ON >/dev/null
cmake --build /build/siphop -j"$(nproc)"
ctest --test-dir /build/siphop --output-on-failure -j"$(nproc)"'
fi
rc=0
in_chroot "$root" ${CI:+CI="$CI"} TERM="${TERM:-dumb}" bash -c 'cd /src/siphop && exec "$@"' bash "$@" || rc=$?
exit $rc
