#!/usr/bin/env python3
"""Two builds of the benchmark harness loading one ledger in turn (docs/benchmarks.md, change 70): a measurement of
the load generator, not of the ledger. One ledger (this build's jar) on its own embedded PostgreSQL, warmed up (WARM
seconds at 8 clients, 60), then rounds of each harness in alternating order: `load <url> <clients> <seconds>` (closed
loop) or, with `paced`, `paced <url> <commands/s> <seconds>` (open loop). Prints per window the commands/s, p50 and
p99, the CPU milliseconds per command of the ledger's process, of its PostgreSQL and of the harness's whole process
(its start and set-up included, so an upper bound), and the means.
  scripts/harness-side-by-side.py /tmp/bench-before.jar services/ledger-bench/target/ledger-bench-0.1.0.jar 3 1 30
  scripts/harness-side-by-side.py /tmp/bench-before.jar services/ledger-bench/target/ledger-bench-0.1.0.jar 3 550 30 paced"""
import os, sys, subprocess, time, re, shutil, resource
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
JAVA = subprocess.run(['bash', '-c', '. .mvn/select-jdk.sh && select_jdk'], capture_output=True, text=True, check=True).stdout.strip() + '/bin/java'
A, B = sys.argv[1:3]; rounds = int(sys.argv[3]); clients = sys.argv[4]; secs = sys.argv[5]; mode = sys.argv[6] if len(sys.argv) > 6 else 'load'
from proc_cpu import cpu, pg_pids  # noqa: E402 (a sibling module: scripts/proc_cpu.py)
port = 18500; work = 'target/harness-side-by-side'; shutil.rmtree(work, ignore_errors=True); os.makedirs(work)
env = dict(os.environ, LEDGER_DATA_DIR=f'{work}/data', LEDGER_EMBEDDED_DB_PORT=str(port + 1), MALLOC_ARENA_MAX='2')
svc = subprocess.Popen([JAVA, '@services/ledger/jvm.args', '-jar', 'services/ledger/target/ledger-0.1.0.jar', f'--server.port={port}'], env=env, stdout=open(f'{work}/ledger.log', 'w'), stderr=subprocess.STDOUT)
try:
    for _ in range(120):
        if subprocess.run(['curl', '-sf', f'localhost:{port}/actuator/health'], capture_output=True).returncode == 0: break
        time.sleep(1)
    subprocess.run([JAVA, '-jar', B, 'load', f'http://localhost:{port}', '8', os.environ.get('WARM', '60')], capture_output=True)
    res = {'A': [], 'B': []}
    for r in range(rounds):
        for label in (('A', 'B') if r % 2 == 0 else ('B', 'A')):
            jar = A if label == 'A' else B
            pgs = pg_pids(port + 1)
            s0 = cpu(svc.pid); p0 = sum(cpu(p) for p in pgs)
            ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            args = [JAVA, '-jar', jar, 'load', f'http://localhost:{port}', clients, secs] if mode == 'load' else [JAVA, '-jar', jar, 'paced', f'http://localhost:{port}', clients, secs]
            out = subprocess.run(args, capture_output=True, text=True)
            ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            s1 = cpu(svc.pid); p1 = sum(cpu(p) for p in pg_pids(port + 1))
            txt = out.stdout + out.stderr
            if mode == 'load':
                m = re.findall(r'([\d,]+) commands/s, p50 ([\d.]+) ms, p99 ([\d.]+) ms', txt)
                rate, p50, p99 = int(m[-1][0].replace(',', '')), float(m[-1][1]), float(m[-1][2])
                n = rate * int(secs) + rate * 2  # the 2 s warm-up's commands too
            else:
                import json
                j = json.loads(txt.strip().splitlines()[-1])
                rate, p50, p99 = j['achieved_commands_per_second'], j['latency']['p50_ms'], j['latency']['p99_ms']
                n = j['commands']
            h = (ru1.ru_utime - ru0.ru_utime + ru1.ru_stime - ru0.ru_stime) * 1000
            row = (rate, p50, p99, (s1 - s0) / n, (p1 - p0) / n, h / n)
            res[label].append(row)
            print(f'{time.strftime("%H:%M:%S")} {label} r{r}: {rate}/s p50 {p50} p99 {p99} svc {row[3]:.2f} pg {row[4]:.2f} harness(all) {row[5]:.2f} ms/cmd', flush=True)
    for label in 'AB':
        rows = res[label]; k = len(rows)
        print(label, 'means: /s %.0f p50 %.2f p99 %.2f svc %.2f pg %.2f harness %.2f' % tuple(sum(x[i] for x in rows) / k for i in range(6)))
finally:
    svc.terminate(); svc.wait(60)
