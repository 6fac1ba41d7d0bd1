#!/usr/bin/env python3
"""Two builds or configurations of the ledger running at once, loaded in turn (docs/benchmarks.md, "Measuring a
change"): each on its own embedded PostgreSQL, both warmed up (WARM seconds at 8 clients, 90), then rounds (4) of
20 s at 32 clients (CLIENTS) on each, in alternating order; prints each window's commands/s, its p50 latency and the
CPU milliseconds per command of that ledger's process and of its own PostgreSQL processes (utime + stime from /proc),
and the means. With RATE=<commands/s>, each window is instead 30 s of the open-loop load at that rate (`paced`), and
its p99 is printed too. Each window's KB allocated per command is the service's own count of what its young
collections found allocated (`jvm_gc_memory_allocated_bytes_total`, read as the auditor): fewer bytes, fewer pauses.
Both see the machine's changing speed within minutes of each other, which entries run one after another
(scripts/cost.sh) do not: the difference of a change shows where the spread between runs hides it.
  scripts/side-by-side.py /tmp/before.jar services/ledger/target/ledger-0.1.0.jar [rounds] ["ENV=… of A"] ["ENV=… of B"]"""
import os, sys, subprocess, time, re, shutil, json
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
JAVA = subprocess.run(['bash', '-c', '. .mvn/select-jdk.sh && select_jdk'], capture_output=True, text=True, check=True).stdout.strip() + '/bin/java'
BENCH = 'services/ledger-bench/target/ledger-bench-0.1.0.jar'
if not os.path.exists(BENCH):
    raise SystemExit(f'{BENCH} is missing: ./mvnw -B -DskipTests package -pl services/ledger,services/ledger-bench -am')
CLIENTS = int(os.environ.get('CLIENTS', '32')); RATE = int(os.environ.get('RATE', '0'))
jars = sys.argv[1:3]; rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 4
envs = [dict(kv.split('=', 1) for kv in a.split()) if a else {} for a in (sys.argv[4:6] + ['', ''])[:2]]
from proc_cpu import cpu, pg_pids  # noqa: E402 (a sibling module: scripts/proc_cpu.py)
procs = []
for i, jar in enumerate(jars):
    port = 18400 + 10 * i; work = f'target/side-by-side/{i}'; shutil.rmtree(work, ignore_errors=True); os.makedirs(work)
    env = dict(os.environ, LEDGER_DATA_DIR=f'{work}/data', LEDGER_EMBEDDED_DB_PORT=str(port + 1), MALLOC_ARENA_MAX='2', **envs[i])
    p = subprocess.Popen([JAVA, '@services/ledger/jvm.args', '-jar', jar, f'--server.port={port}'], env=env, stdout=open(f'{work}/ledger.log', 'w'), stderr=subprocess.STDOUT)
    procs.append((p, port))
def up(port):
    for _ in range(120):
        if subprocess.run(['curl', '-sf', f'localhost:{port}/actuator/health'], capture_output=True).returncode == 0: return
        time.sleep(1)
    raise SystemExit(f'ledger on {port} did not start')
def load(port, clients, secs):
    out = subprocess.run([JAVA, '-jar', BENCH, 'load', f'http://localhost:{port}', str(clients), str(secs)], capture_output=True, text=True)
    # the harness writes thousands with a separator (1,792 commands/s)
    m = re.findall(r'([\d,]+) commands/s, p50 ([\d.]+) ms', out.stdout + out.stderr)
    return (int(m[-1][0].replace(',', '')), float(m[-1][1])) if m else (0, 0.0)
def allocated(port):
    """Bytes the service's JVM has allocated, as of its last young collection (Micrometer's JVM metrics); None when the
    endpoint does not answer with it (no demo auditor under `prod`, the service down)."""
    out = subprocess.run(['curl', '-sf', '-m', '10', '-u', 'auditor:auditor', f'localhost:{port}/actuator/prometheus'], capture_output=True, text=True).stdout
    m = re.search(r'^jvm_gc_memory_allocated_bytes_total(?:\{[^}]*\})? (\S+)$', out, re.M)
    return float(m[1]) if m else None
def kb(a0, a1, n):
    return None if a0 is None or a1 is None else (a1 - a0) / n / 1024
def shown(kbs):
    known = [k for k in kbs if k is not None]
    return f'{sum(known) / len(known):.0f} KB allocated' if known and len(known) == len(kbs) else 'allocation n/a'
def paced(port, rate, secs):
    """The open-loop load at rate: commands/s, p50, p99 and the commands answered."""
    out = subprocess.run([JAVA, '-jar', BENCH, 'paced', f'http://localhost:{port}', str(rate), str(secs)], capture_output=True, text=True)
    if not out.stdout.strip():
        raise SystemExit(f'the paced load on {port} printed nothing: {out.stderr[-2000:]}')
    j = json.loads(out.stdout.strip().splitlines()[-1])
    return j['achieved_commands_per_second'], j['latency']['p50_ms'], j['latency']['p99_ms'], j['commands']
try:
    for p, port in procs: up(port)
    for p, port in procs: load(port, 8, int(os.environ.get('WARM', '90')))  # each in turn, so the JIT compilers finish
    res = {0: [], 1: []}
    for r in range(rounds):
        for i in ((0, 1) if r % 2 == 0 else (1, 0)):
            p, port = procs[i]
            pg = pg_pids(port + 1)
            s0, g0, a0 = cpu(p.pid), sum(cpu(x) for x in pg), allocated(port)
            if RATE:
                rate, p50, p99, n = paced(port, RATE, 30)
            else:
                (rate, p50), p99 = load(port, CLIENTS, 20), None
                n = rate * 20
            pg = pg_pids(port + 1)
            s1, g1, a1 = cpu(p.pid), sum(cpu(x) for x in pg), allocated(port)
            res[i].append((rate, (s1 - s0) / n, (g1 - g0) / n, p50, p99, kb(a0, a1, n)))
            print(f'round {r} {"AB"[i]}: {rate} commands/s, p50 {p50} ms{"" if p99 is None else f", p99 {p99} ms"}, service {(s1 - s0) / n:.2f} ms, '
                  f'PostgreSQL {(g1 - g0) / n:.2f} ms per command, {shown([kb(a0, a1, n)])}', flush=True)
    for i in (0, 1):
        xs = res[i]
        print(f'{"AB"[i]} {jars[i]} {envs[i]}: mean {sum(x[0] for x in xs) / len(xs):.0f} commands/s, p50 {sum(x[3] for x in xs) / len(xs):.1f} ms, service {sum(x[1] for x in xs) / len(xs):.3f} ms, '
              f'PostgreSQL {sum(x[2] for x in xs) / len(xs):.3f} ms per command, {shown([x[5] for x in xs])}'
              + (f', p99 {sum(x[4] for x in xs) / len(xs):.1f} ms' if RATE else ''))
finally:
    for p, port in procs: p.terminate()
    for p, port in procs: p.wait()
