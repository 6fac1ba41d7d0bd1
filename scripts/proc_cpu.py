"""CPU time of processes from Linux's /proc, for the scripts that put builds side by side."""
import os

HZ = os.sysconf('SC_CLK_TCK')


def cpu(pid):
    """User + system CPU milliseconds of a process, all its threads; 0 once it is gone."""
    try:
        f = open(f'/proc/{pid}/stat').read(); f = f[f.rindex(')') + 2:].split()
        return (int(f[11]) + int(f[12])) * 1000 / HZ
    except OSError:
        return 0


def children(ppid):
    out = []
    for p in os.listdir('/proc'):
        if p.isdigit():
            try:
                s = open(f'/proc/{p}/stat').read()
            except OSError:
                continue
            if int(s[s.rindex(')') + 2:].split()[1]) == ppid: out.append(int(p))
    return out


def pg_pids(port):
    """The PostgreSQL server listening on port and the processes it runs."""
    for p in os.listdir('/proc'):
        if p.isdigit():
            try:
                c = open(f'/proc/{p}/cmdline').read()
            except OSError:
                continue
            if 'postgres' in c and f'-p\0{port}' in c: return [int(p)] + children(int(p))
    return []
