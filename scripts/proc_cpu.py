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


def _processes(name):
    """(pid, text of /proc/<pid>/<name>) for every process still there when read."""
    for p in os.listdir('/proc'):
        if p.isdigit():
            try:
                yield int(p), open(f'/proc/{p}/{name}').read()
            except OSError:
                continue


def children(ppid):
    return [p for p, s in _processes('stat') if int(s[s.rindex(')') + 2:].split()[1]) == ppid]


def pg_pids(port):
    """The PostgreSQL server listening on port and the processes it runs."""
    for p, c in _processes('cmdline'):
        if 'postgres' in c and f'-p\0{port}' in c: return [p] + children(p)
    return []
