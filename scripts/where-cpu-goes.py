#!/usr/bin/env python3
"""Where one command's CPU goes, from a JFR recording of the service (docs/benchmarks.md, "Where one command's CPU
goes"): every execution sample of a request thread or of the group commit's writer put under the first row, in the
rows' order (the inner work before what calls it), whose pattern names a frame anywhere on its stack; every other
thread counted whole.

  jcmd <pid> JFR.start settings=<a .jfc with jdk.ExecutionSample every 2 ms> filename=rec.jfr   # then load it, then JFR.stop
  jfr print --events jdk.ExecutionSample --stack-depth 80 rec.jfr > samples.txt
  scripts/where-cpu-goes.py samples.txt

Prints each row's samples and share of all samples. Compare shares between recordings, not counts: a sampler at a
fixed period gives a command more samples when the machine is slower.
"""
import re, sys, collections
ROWS = [
 # request threads (http-nio-*-exec-*), inner work first
 ('req', 'the command log line (Logback)', r'ch\.qos\.logback'),
 ('req', "the command's timer (ledger.commands)", r'CommandMetrics\.'),
 ('req', 'parsing and Bean Validation', r'CommandRequestReader\.|hibernate\.validator'),
 ('req', "the answer's JSON (and the idempotency record, for a command with a key)", r'CommandService\.(write|executeOnce|replay|stored)'),
 ('req', 'the ledger\'s command endpoint (controller, command service, authorization, waiting on the group)', r'org\.coordination\.ledger\.web\.Command|org\.coordination\.ledger\.security\.|org\.coordination\.ledger\.commandbus\.'),
 ('req', 'Spring MVC (dispatch, handler lookup, exception handlers)', r'org\.springframework\.web\.servlet\.'),
 ('req', 'Spring Security', r'org\.springframework\.security\.'),
 ('req', "the ledger's request checks (size limit, reading the body, malformed requests)", r'org\.coordination\.ledger\.web\.'),
 ('req', 'HTTP observation (metrics, tracing handlers)', r'ServerHttpObservationFilter|io\.micrometer\.'),
 ('req', 'Spring\'s other servlet filters', r'org\.springframework\.web\.filter\.(?!ServerHttpObservationFilter)'),
 ('req', 'Tomcat (HTTP parsing, sockets, pool)', r'org\.apache\.'),
 # the group commit's writer (ledger-group-commit-*), inner work first
 ('wr', 'event serialization (Jackson)', r'JacksonSerializer\.serialize|serializePayload|serializeMetaData'),
 ('wr', 'append: INSERT of the events (hash chain in its trigger)', r'KindScopedStatements\.|TrackedReadsEngine\.appendEvents'),
 ('wr', 'consistency lookup', r'org\.coordination\.ledger\.lookup\.'),
 ('wr', 'the aggregate (command handler, events applied)', r'org\.coordination\.ledger\.\w+\.command\.'),
 ('wr', 'aggregate cache and locks', r'CommittedAggregateCache|AggregateLocks'),
 ('wr', 'transaction begin / commit (JDBC)', r'GroupAwareTransactionManager\.(startTransaction|commit)|ProxyConnection\.commit|PgConnection\.commit|setAutoCommit'),
 ('wr', 'group commit, command bus, unit of work, interceptors', r'org\.coordination\.ledger\.|org\.axonframework\.'),
]
THREADS = [('http-nio-\\d+-exec', 'req'), ('ledger-group-commit', 'wr')]
def frames(e):
    if 'stackTrace = [' not in e: return []
    return [re.sub(r'\s+line:.*', '', l.strip()) for l in e.split('stackTrace = [')[1].split('\n')[1:] if l.strip() and not l.strip().startswith(']')]
counts = collections.Counter(); total = 0
for e in open(sys.argv[1]).read().split('jdk.ExecutionSample')[1:]:
    m = re.search(r'sampledThread = "([^"]*)"', e)
    if not m: continue
    t = m.group(1); total += 1
    kind = next((k for p, k in THREADS if re.match(p, t)), None)
    if kind is None:
        name = re.sub(r'-\d+$', '', t)
        name = re.sub(r'\d+', 'N', name)
        counts[('thread', name)] += 1
        continue
    fs = frames(e)
    # the first row, in the table's order (inner work before what calls it), that names any frame of the stack
    label = next((l for k, l, p in ROWS if k == kind and any(re.search(p, f) for f in fs)), None)
    counts[(kind, label or 'other (JDK, JIT-compiled glue)')] += 1
for (kind, label), n in sorted(counts.items(), key=lambda kv: (-kv[1])):
    print(f"{n:5d} {100*n/total:5.1f}% {kind:6} {label}")
print(total, 'samples')
