# shellcheck shell=bash
# lib-processes.sh - start, wait for and stop the processes a capture script
# runs (tests/captures/real/make-real-captures.sh, tests/captures/make-tls-capture.sh),
# by PID and without sleeping as synchronisation: every wait polls for the
# state it needs and fails, naming it, after a time limit.
#
# Source it after setting $dir (where the processes write their *.log files)
# and defining log/die. It sets the EXIT trap: every process in PID is
# stopped, then the work directory removed, $WORK_DIR or else $dir (kept
# with KEEP_TMP=1).
#
# SPDX-License-Identifier: GPL-2.0-or-later

declare -A PID=()   # name -> PID of every process started and not yet stopped
cleanup() {
    local name
    for name in "${!PID[@]}"; do
        kill "${PID[$name]}" 2>/dev/null || true
        wait "${PID[$name]}" 2>/dev/null || true
    done
    local work=${WORK_DIR:-$dir}
    if [ -n "${KEEP_TMP:-}" ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# poll SECONDS COMMAND...: run COMMAND every 0.1 s until it succeeds (status 0)
# or SECONDS have passed (status 1).
poll() {
    local limit=$(( $1 * 10 )) i=0
    shift
    until "$@"; do
        (( ++i <= limit )) || return 1
        sleep 0.1
    done
}
# wait_until SECONDS WHAT COMMAND...: poll, and fail naming WHAT on timeout.
wait_until() {
    local seconds=$1 what=$2
    shift 2
    poll "$seconds" "$@" || die "timed out after $seconds s waiting for $what"
}
exited() { local s; ! s=$(ps -o stat= -p "$1" 2>/dev/null) || [[ $s == Z* ]]; }
in_log() { grep -q "$2" "$dir/$1.log" 2>/dev/null; }

# start NAME COMMAND...: COMMAND in the background in $dir, stdin /dev/null,
# output in $dir/NAME.log; its PID remembered under NAME. start_in NAME
# INPUT COMMAND...: the same with stdin from INPUT.
start_in() {
    local name=$1 input=$2
    shift 2
    (cd "$dir" && exec "$@") <"$input" >"$dir/$name.log" 2>&1 &
    PID[$name]=$!
}
start() {
    local name=$1
    shift
    start_in "$name" /dev/null "$@"
}
# stop NAME: SIGTERM to NAME's PID and wait for it.
stop() {
    kill "${PID[$1]}" 2>/dev/null || true
    wait "${PID[$1]}" 2>/dev/null || true
    unset "PID[$1]"
}
# finish NAME SECONDS: wait for NAME to end by itself; its exit status must be 0.
finish() {
    local name=$1 pid=${PID[$1]} rc=0
    wait_until "$2" "$name (PID $pid) to end" exited "$pid"
    wait "$pid" || rc=$?
    unset "PID[$name]"
    if (( rc != 0 )); then
        tail -n 30 "$dir/$name.log" >&2
        die "$name exited with status $rc"
    fi
}
