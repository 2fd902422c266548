#!/usr/bin/env bash
# A real single-node Slurm cluster on localhost, for RunKit's `sweep --slurm` tests and demos.
#
#   scripts/slurm-cluster.sh start    install (Debian/Ubuntu, as root) if missing, start, wait until idle
#   scripts/slurm-cluster.sh stop     stop the daemons this script started
#   scripts/slurm-cluster.sh status   sinfo of the cluster, exit 1 when it is not up
#   scripts/slurm-cluster.sh env      the environment to use it (eval "$(scripts/slurm-cluster.sh env)")
#
# Everything lives in one state folder, RUNKIT_SLURM_STATE (default /tmp/runkit-slurm): the munge
# key and socket, slurm.conf, the daemons' logs, pid files and spool. No systemd: the daemons are
# started directly, as root (SlurmUser=root). Idempotent: `start` on a running cluster only waits
# for the node; `stop` on a stopped one does nothing. docs/sweeps.md ("Slurm") explains each
# setting and the quirks met.
set -euo pipefail

state="${RUNKIT_SLURM_STATE:-/tmp/runkit-slurm}"
conf="$state/slurm.conf"
socket="$state/munge/munge.socket"
node="$(hostname -s)"

print_env() {
    echo "export SLURM_CONF=$conf"
}

installed() {
    command -v slurmctld > /dev/null && command -v slurmd > /dev/null && command -v sbatch > /dev/null && command -v munged > /dev/null
}

install() {
    installed && return 0
    if [ "$(id -u)" != 0 ] || ! command -v apt-get > /dev/null; then
        echo "slurm-cluster: Slurm is not installed and cannot be (needs root and apt-get)" >&2
        return 1
    fi
    echo "slurm-cluster: installing slurmctld slurmd slurm-client munge" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq > /dev/null && apt-get install -y -qq slurmctld slurmd slurm-client munge > /dev/null || return 1
    installed
}

running() {   # $1: pid file
    [ -s "$1" ] && kill -0 "$(cat "$1")" 2> /dev/null
}

write_config() {
    mkdir -p "$state/munge" "$state/spool/ctld" "$state/spool/d" "$state/log"
    chmod 700 "$state" "$state/munge"
    if [ ! -s "$state/munge/munge.key" ]; then
        dd if=/dev/urandom bs=1 count=1024 of="$state/munge/munge.key" status=none
        chmod 400 "$state/munge/munge.key"
    fi
    local cpus=4
    cat > "$conf" <<CONF
# Written by scripts/slurm-cluster.sh: one node on localhost (see docs/sweeps.md, "Slurm").
ClusterName=runkit
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$state/spool/ctld
SlurmdSpoolDir=$state/spool/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# No cgroups here: track a job's processes by their parent chain.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
# Declare more CPUs than the machine has (4 cores of 1 thread on a 2-core machine; with 2 threads a
# core a job is given a whole core, so only 2 would run at once): slurmd accepts the node as declared.
SlurmdParameters=config_overrides
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
# sacct without a database: completed jobs are appended to a text file.
JobCompType=jobcomp/filetxt
JobCompLoc=$state/log/jobcomp.txt
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
# Requeue allowed; finished jobs leave the controller's memory quickly; the scheduler runs often.
JobRequeue=1
MinJobAge=10
SchedulerParameters=sched_interval=2,bf_interval=2
KillWait=10
ReturnToService=2
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus Boards=1 SocketsPerBoard=1 CoresPerSocket=$cpus ThreadsPerCore=1 RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
}

start() {
    install || { echo "slurm-cluster: Slurm is not available: not started" >&2; return 2; }
    write_config
    export SLURM_CONF="$conf"
    if ! running "$state/munged.pid"; then
        munged --force --socket="$socket" --key-file="$state/munge/munge.key" --pid-file="$state/munged.pid" \
            --log-file="$state/log/munged.log" --seed-file="$state/munge/munged.seed"
    fi
    running "$state/slurmctld.pid" || slurmctld -f "$conf"
    running "$state/slurmd.pid" || slurmd -f "$conf"
    for _ in $(seq 60); do
        if sinfo -h -o %t 2> /dev/null | grep -qE '^(idle|mix|alloc)'; then
            echo "slurm-cluster: node $node is up ($state)" >&2
            print_env
            return 0
        fi
        # A node the controller remembers DOWN from an earlier run comes back with this.
        scontrol update nodename="$node" state=resume > /dev/null 2>&1 || true
        sleep 1
    done
    echo "slurm-cluster: the node did not become idle; see $state/log" >&2
    sinfo >&2 || true
    return 1
}

stop() {
    for daemon in slurmd slurmctld munged; do
        local pidfile="$state/$daemon.pid"
        if running "$pidfile"; then
            local pid
            pid="$(cat "$pidfile")"
            kill "$pid"
            for _ in $(seq 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.2; done
            kill -0 "$pid" 2> /dev/null && kill -9 "$pid"
        fi
        rm -f "$pidfile"
    done
    echo "slurm-cluster: stopped ($state)" >&2
}

status() {
    [ -s "$conf" ] && running "$state/slurmctld.pid" && running "$state/slurmd.pid" || { echo "slurm-cluster: not running ($state)" >&2; return 1; }
    SLURM_CONF="$conf" sinfo
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    env) print_env ;;
    *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
