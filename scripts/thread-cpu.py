#!/usr/bin/env python3
"""CPU by thread of a running process, from /proc (docs/benchmarks.md, "Where the CPU goes, by thread").

  scripts/thread-cpu.py snap <pid> before.json      # before a load window
  scripts/thread-cpu.py snap <pid> after.json       # after it
  scripts/thread-cpu.py diff before.json after.json <commands in the window>

Threads are grouped by name with digits folded (http-nio-8080-exec-3 -> http-nio-#-exec-#); each group's
user and system milliseconds, and per command. Unlike a sampling profiler it also counts the JIT compilers,
the garbage collector and time in the kernel.
"""
import os, sys, json, re
def snap(pid):
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            s = open(f"/proc/{pid}/task/{tid}/stat").read()
        except OSError:
            continue
        name = s[s.index('(')+1:s.rindex(')')]
        f = s[s.rindex(')')+2:].split()
        out[tid] = (name, int(f[11]), int(f[12]))
    return out
if sys.argv[1] == 'snap':
    json.dump(snap(sys.argv[2]), open(sys.argv[3], 'w'))
else:
    a = json.load(open(sys.argv[2])); b = json.load(open(sys.argv[3])); n = float(sys.argv[4]) if len(sys.argv) > 4 else 1
    groups = {}
    for tid, (name, u, s) in b.items():
        u0, s0 = (a[tid][1], a[tid][2]) if tid in a else (0, 0)
        key = re.sub(r'\d+', '#', name)
        g = groups.setdefault(key, [0, 0])
        g[0] += u - u0; g[1] += s - s0
    tot = sum(u + s for u, s in groups.values())
    print(f"total {tot*10} ms; per command {tot*10/n:.2f} ms (n={n:.0f})")
    for k, (u, s) in sorted(groups.items(), key=lambda kv: -(kv[1][0]+kv[1][1])):
        if u + s == 0: continue
        print(f"{k:40s} user {u*10:7d} ms sys {s*10:7d} ms  per cmd {(u+s)*10/n:.3f}")
