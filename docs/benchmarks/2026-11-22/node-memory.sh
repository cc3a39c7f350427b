#!/usr/bin/env bash
# For each node pid: heap used after a full GC (KiB) and RSS (KiB), one line per node.
JCMD=/usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd
for d in /tmp/bench/node*; do
  [ -f $d/pid ] || continue; pid=$(cat $d/pid)
  $JCMD $pid GC.run >/dev/null 2>&1
  used=$($JCMD $pid GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+')
  rss=$(grep VmRSS /proc/$pid/status | grep -oE '[0-9]+')
  conns=$(ls /proc/$pid/fd | wc -l)
  echo "$(basename $d) pid=$pid heap_used_kib=$used rss_kib=$rss fds=$conns"
done
