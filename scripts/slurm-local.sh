#!/bin/bash
# A four-node Slurm cluster on this one machine, for the slurm runner's tests and bench:
#   scripts/slurm-local.sh start   # munged, slurmctld -c, slurmd n1..n4, reservation r1 on n3,n4
#   scripts/slurm-local.sh stop    # cancel jobs, stop every daemon this script started (by PID)
#   scripts/slurm-local.sh status
# Installs nothing: Debian's slurm-wlm and munge must be installed (.ci/run does that).
# Needs root (SlurmUser=root, munged as the munge user). The settings are the measured ones of
# ../shared/NOTES.md "Slurm on one machine". State lives in $BOOTBOOK_SLURM_DIR
# (default /tmp/bootbook-slurm); slurm.conf is written there and linked from /etc/slurm/slurm.conf
# when that file is absent or ours, so the client commands find it without SLURM_CONF.
set -euo pipefail
DIR=${BOOTBOOK_SLURM_DIR:-/tmp/bootbook-slurm}
CONF=$DIR/slurm.conf
HOST=$(hostname -s)
NODES=(n1 n2 n3 n4)
export SLURM_CONF=$CONF

log() { echo "slurm-local: $*" >&2; }

pids() { cat "$DIR"/*.pid 2>/dev/null || true; }

write_conf() {
  mkdir -p "$DIR/spool" "$DIR/log" "$DIR/ctld"
  local cpus
  cpus=$(nproc)
  cat >"$CONF" <<EOF
# written by bootbook scripts/slurm-local.sh
ClusterName=bootbook
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=16817
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$DIR/ctld
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdSpoolDir=$DIR/spool/%n
SlurmdPidFile=$DIR/slurmd-%n.pid
SlurmdLogFile=$DIR/log/slurmd-%n.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=sched_interval=1,bf_interval=1
ReturnToService=1
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/log/jobcomp.txt
MailProg=/bin/true
MinJobAge=300
SlurmdTimeout=10
InactiveLimit=0
KillWait=2
MpiDefault=none
NodeName=n[1-4] NodeHostname=$HOST NodeAddr=127.0.0.1 Port=[17001-17004] CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=n[1-4] Default=YES MaxTime=INFINITE State=UP
EOF
  if [ ! -e /etc/slurm/slurm.conf ] || grep -q 'bootbook scripts/slurm-local.sh' /etc/slurm/slurm.conf 2>/dev/null; then
    mkdir -p /etc/slurm && ln -sf "$CONF" /etc/slurm/slurm.conf
  else
    log "/etc/slurm/slurm.conf is not ours: export SLURM_CONF=$CONF to use this cluster"
  fi
}

start_munge() {
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then return; fi
  mkdir -p /run/munge && chown munge:munge /run/munge && chmod 755 /run/munge
  [ -s /etc/munge/munge.key ] || { log "no /etc/munge/munge.key (is munge installed?)"; exit 1; }
  # Started as the munge user; its own pid file under /run/munge.
  runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/munged.pid
  cp /run/munge/munged.pid "$DIR/munged.pid" 2>/dev/null || true
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && return; sleep 0.1; done
  log "munged does not answer"; exit 1
}

start() {
  for c in slurmctld slurmd munged sinfo scontrol; do command -v $c >/dev/null || { log "$c is missing: apt-get install -y slurm-wlm munge"; exit 1; }; done
  if [ -s "$DIR/slurmctld.pid" ] && kill -0 "$(cat "$DIR/slurmctld.pid")" 2>/dev/null; then log "already running ($DIR)"; return; fi
  write_conf
  # A fresh cluster every time: `slurmctld -c` clears jobs but keeps reservations (resv_state).
  rm -rf "${DIR:?}/ctld" && mkdir -p "$DIR/ctld"
  start_munge
  slurmctld -c -f "$CONF"
  for n in "${NODES[@]}"; do slurmd -N "$n" -f "$CONF"; done
  local want=${#NODES[@]} got=0
  for _ in $(seq 300); do
    got=$(sinfo -h -t idle -N -o '%N' 2>/dev/null | sort -u | wc -l || true)
    [ "$got" -ge "$want" ] && break
    sleep 0.2
  done
  if [ "$got" -lt "$want" ]; then log "only $got of $want nodes idle after 60 s"; sinfo -N 2>&1 >&2 || true; exit 1; fi
  scontrol show reservation r1 >/dev/null 2>&1 ||
    scontrol create reservation reservationname=r1 nodes=n3,n4 users=root starttime=now duration=infinite flags=ignore_jobs >/dev/null
  log "up: ${NODES[*]} idle, reservation r1 on n3,n4 (conf $CONF)"
}

stop() {
  [ -e "$CONF" ] || { log "not running"; return 0; }
  scancel --user="$(id -un)" 2>/dev/null || true
  local list
  list=$(pids)
  [ -n "$list" ] || { log "no daemons"; return 0; }
  # In parallel, by PID: each takes 1-4 s to exit.
  for p in $list; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 100); do
    local alive=0
    for p in $list; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  for p in $list; do kill -9 "$p" 2>/dev/null || true; done
  rm -f "$DIR"/*.pid
  log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) sinfo -N 2>&1; scontrol show reservation 2>&1 ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
