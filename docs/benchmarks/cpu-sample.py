#!/usr/bin/env python3
"""Every second: CPU% (user+system) of server, postgres, loadtest, redis, and total machine busy%."""
import os, sys, time
HZ = os.sysconf('SC_CLK_TCK')
server_pid = sys.argv[1]
def groups():
    g = {}
    for pid in os.listdir('/proc'):
        if not pid.isdigit(): continue
        try:
            cmd = open(f'/proc/{pid}/cmdline','rb').read().replace(b'\0',b' ').decode(errors='replace')
            st = open(f'/proc/{pid}/stat').read().rsplit(')',1)[1].split()
        except Exception: continue
        ut, stt = int(st[11]), int(st[12])
        if pid == server_pid: k='server'
        elif 'postgres' in cmd: k='postgres'
        elif 'parley-loadtest' in cmd or 'dev.parley.loadtest' in cmd: k='loadtest'
        elif 'redis' in cmd: k='redis'
        else: k='other'
        u,s = g.get(k,(0,0)); g[k]=(u+ut, s+stt)
    return g
def busy():
    f = open('/proc/stat').readline().split()[1:]
    v = list(map(int,f)); idle = v[3]+v[4]; return sum(v)-idle, sum(v)
prev, pb = groups(), busy()
while True:
    time.sleep(1)
    cur, cb = groups(), busy()
    out = {k: round(100*((cur[k][0]+cur[k][1])-(prev.get(k,(0,0))[0]+prev.get(k,(0,0))[1]))/HZ) for k in cur}
    sys_server = round(100*(cur.get('server',(0,0))[1]-prev.get('server',(0,0))[1])/HZ)
    out['server_sys'] = sys_server
    out['machine_busy'] = round(100*2*(cb[0]-pb[0])/max(1,cb[1]-pb[1]))
    print(int(time.time()), out, flush=True)
    prev, pb = cur, cb
