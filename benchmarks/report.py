#!/usr/bin/env python3
"""Writes benchmarks/RESULTS.md from the outputs of one benchmarks/run (standard library only).

    python3 benchmarks/report.py --results DIR --out FILE --command "benchmarks/run" [--jmh-args "..."] [--java JAVA]

Reads DIR/jmh.json (JMH -rf json), DIR/asyncio.json, DIR/memory.json and DIR/startup.json (each optional),
prints the table and writes FILE. Every figure is the median of the samples with its error: half the width
of the distribution-free ~95% confidence interval of the median (order statistics x(j)..x(n+1-j), the
largest j with P(Binomial(n, 1/2) < j) <= 2.5%; with 8 samples or fewer that is the whole range). For JMH the
samples are the measurement iterations of all forks.
"""

import argparse
import datetime
import json
import math
import os
import platform
import subprocess
import sys

WEFT = "Weft"
ANCHORS = ["Kotlin coroutines", "virtual threads", "CompletableFuture", "asyncio"]
JMH_CLASS = {
    "WeftBench": WEFT,
    "KotlinBench": "Kotlin coroutines",
    "VirtualThreadBench": "virtual threads",
    "FutureBench": "CompletableFuture",
}
MEMORY_VARIANT = {
    "weft": WEFT,
    "kotlin": "Kotlin coroutines",
    "virtual-threads": "virtual threads",
    "completable-future": "CompletableFuture",
}

# (number, title, JMH method, what one operation is)
OPERATIONS = [
    ("1", "Await an already-completed awaitable", "fastPathAwait", "await"),
    ("2", "Await a child that returns without suspending", "awaitChild", "await"),
    ("3", "Yield to the loop and back", "yieldAndBack", "yield"),
    ("4", "Ping-pong between two tasks", "pingPong", "round trip"),
    ("5", "Spawn a task and await its result", "spawnAndAwait", "task"),
    ("7", "Chain of 1,000 nested awaits, suspend at the bottom, resume", "deepChain", "chain"),
]
# allocation figures below this many bytes per operation are "none": their ratios mean nothing
NO_ALLOCATION = 0.5


# ------------------------------------------------------------------------------------------ statistics

def ci_rank(n):
    """1-based rank j of the lower end of the median's confidence interval."""
    def below(k):  # P(X < k), X ~ Binomial(n, 1/2)
        return sum(math.comb(n, i) for i in range(k)) / 2 ** n
    j = 1
    while j + 1 <= (n + 1) // 2 and below(j + 1) <= 0.025:
        j += 1
    return j


def summarize(samples):
    """(median, error, n) of a list of numbers."""
    x = sorted(samples)
    n = len(x)
    if n == 0:
        return None
    median = x[n // 2] if n % 2 else (x[n // 2 - 1] + x[n // 2]) / 2
    j = ci_rank(n)
    return median, (x[n - j] - x[j - 1]) / 2, n


# ------------------------------------------------------------------------------------------ formatting

def decimals(v):
    """Digits after the point for a value of this size: three significant digits, at most three decimals."""
    a = abs(v)
    return 0 if a >= 100 else 1 if a >= 10 else 2 if a >= 1 else 3


def value(s, scale=1.0):
    """'median ± error', both with the median's number of decimals."""
    if s is None:
        return "—"
    m, e = s[0] * scale, s[1] * scale
    d = decimals(m)
    return f"{m:,.{d}f} ± {e:,.{d}f}"


def ratio(weft, anchor, floor=None):
    if weft is None or anchor is None or anchor[0] == 0:
        return "—"
    if floor is not None and (weft[0] < floor or anchor[0] < floor):
        return "—"
    r = weft[0] / anchor[0]
    return f"{r:.2g}" if r < 0.1 else f"{r:.2f}" if r < 100 else f"{r:,.0f}"


# ------------------------------------------------------------------------------------------ inputs

def load(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def jmh_results(data):
    """{(system, method): {"time": summary, "unit": str, "alloc": summary}} from JMH's JSON."""
    out = {}
    meta = None
    for b in data or []:
        cls, method = b["benchmark"].split(".")[-2:]
        if meta is None:
            meta = {k: b.get(k) for k in ("jmhVersion", "jvm", "jdkVersion", "vmName", "vmVersion", "forks",
                                           "warmupIterations", "warmupTime", "measurementIterations",
                                           "measurementTime")}
        system = JMH_CLASS.get(cls, cls)
        pm = b["primaryMetric"]
        raw = [v for fork in pm.get("rawData", []) for v in fork]
        entry = {"time": summarize(raw), "unit": pm["scoreUnit"], "alloc": None}
        norm = b.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        if norm:
            entry["alloc"] = summarize([v for fork in norm.get("rawData", []) for v in fork])
        out[(system, method)] = entry
    return out, meta


# ------------------------------------------------------------------------------------------ machine

def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
                    break
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "model": model, "memory": mem,
            "os": f"{platform.system()} {platform.release()} {platform.machine()}"}


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return None


def weft_version():
    """The commit measured, and whether the measured modules had uncommitted changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "runtime", "transformer", "javaagent",
                                "maven-plugin", "benchmarks/src"], capture_output=True, text=True,
                               timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if not head:
        return None
    return f"commit {head}" + (" with uncommitted changes in the measured modules" if dirty else "")


def java_version(java):
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60).stderr
        return [line.strip() for line in out.strip().splitlines() if line.strip()]
    except (OSError, subprocess.SubprocessError):
        return []


# ------------------------------------------------------------------------------------------ the table

def build_rows(jmh, asyncio_data, memory, startup):
    """Rows of (figure, unit, weft cell, anchor, anchor cell, ratio)."""
    rows = []
    py = (asyncio_data or {}).get("figures", {})

    def group(figure, unit, weft, anchors, scale=1.0, floor=None):
        first = True
        present = [(name, s) for name, s in anchors if s is not None]
        if not present:
            present = [("—", None)]
        for name, s in present:
            rows.append((figure if first else "", unit if first else "", value(weft, scale) if first else "",
                         name, value(s, scale), ratio(weft, s, floor)))
            first = False

    for number, title, method, op in OPERATIONS:
        weft = jmh.get((WEFT, method)) or {}
        scale, unit = (1e-3, "µs") if method == "deepChain" else (1.0, "ns")
        anchors = [(a, (jmh.get((a, method)) or {}).get("time")) for a in ANCHORS[:3]]
        anchors.append(("asyncio", summarize(py[method]["samples"]) if method in py else None))
        group(f"{number}. {title}: time", f"{unit}/{op}", weft.get("time"), anchors, scale)
        alloc_anchors = [(a, (jmh.get((a, method)) or {}).get("alloc")) for a in ANCHORS[:3]]
        group(f"{number}. {title}: allocated", f"B/{op}", weft.get("alloc"), alloc_anchors, floor=NO_ALLOCATION)
        if method == "spawnAndAwait":
            mem = (memory or {}).get("variants", {})
            anchors = [(MEMORY_VARIANT[k], summarize(v)) for k, v in mem.items() if k != "weft"]
            if "memoryPerTask" in py:
                anchors.append(("asyncio (tracemalloc)", summarize(py["memoryPerTask"]["samples"])))
            tasks = (memory or {}).get("tasks", 1_000_000)
            group(f"6. Memory per suspended task ({tasks:,} tasks)", "B/task",
                  summarize(mem["weft"]) if "weft" in mem else None, anchors)

    weave = jmh.get(("WeavingBench", "weaveClass")) or {}
    group("8a. Weaving throughput", "classes/s", weave.get("time"), [])
    scan = jmh.get(("WeavingBench", "scanPlainClass")) or {}
    group("8b. Agent's check of a class it does not weave", "ns/class", scan.get("time"), [])
    apps = (startup or {}).get("apps", {})
    for size, times in sorted(apps.items(), key=lambda kv: -int(kv[0])):
        with_agent = summarize(times["withAgentMs"]) if times.get("withAgentMs") else None
        without = summarize(times["withoutAgentMs"])
        what = f"{int(size):,} classes" if int(size) else "an empty program"
        group(f"8{'c' if int(size) else 'd'}. JVM run of {what}, with the agent", "ms/run",
              with_agent, [("JVM without the agent", without)])
    return rows


def markdown_table(rows):
    head = ("Figure", "Unit", "Weft", "Anchor", "Anchor's value", "Weft / anchor")
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * 2 + ["---:"] + ["---"] + ["---:"] * 2) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(r) + " |")
    return "\n".join(lines)


def plain_table(rows):
    head = ("Figure", "Unit", "Weft", "Anchor", "Anchor's value", "Weft/anchor")
    widths = [max(len(str(r[i])) for r in list(rows) + [head]) for i in range(len(head))]
    out = []
    for r in [head] + rows:
        cells = [str(c)[:widths[i]].ljust(widths[i]) if i in (0, 1, 3) else str(c).rjust(widths[i])
                 for i, c in enumerate(r)]
        out.append("  ".join(cells))
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--results", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--command", default="benchmarks/run")
    p.add_argument("--jmh-args", default="")
    p.add_argument("--jmh-weaving-args", default=None, help="the JMH invocation for 8a, if separate")
    p.add_argument("--java", default="java")
    p.add_argument("--load-before", default=None, help="/proc/loadavg when the run started")
    args = p.parse_args()

    jmh, meta = jmh_results((load(os.path.join(args.results, "jmh.json")) or [])
                            + (load(os.path.join(args.results, "jmh-weaving.json")) or []))
    asyncio_data = load(os.path.join(args.results, "asyncio.json"))
    memory = load(os.path.join(args.results, "memory.json"))
    startup = load(os.path.join(args.results, "startup.json"))
    rows = build_rows(jmh, asyncio_data, memory, startup)

    m = machine()
    jv = java_version(args.java)
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    vt_note = ""
    if not any(k[0] == "virtual threads" for k in jmh):
        vt_note = ("\n- Virtual threads: absent from this run (they need JDK 21 or later; this JDK has none).")

    md = []
    md.append("# Weft benchmark results")
    md.append("")
    md.append(f"Generated by `{args.command}` on {date}. Do not edit by hand: run the command again.")
    md.append("")
    version = weft_version()
    if version:
        md.append(f"- Weft: {version}")
    md.append(f"- Machine: {m['cpus']} CPUs, {m['model']}, {m['memory']} RAM, {m['os']}")
    load_now = loadavg()
    if args.load_before or load_now:
        md.append(f"- Load average (1, 5, 15 min) when the run started: {args.load_before or '?'}; when it ended: "
                  f"{load_now or '?'} (other work on the machine during the run shows here)")
    md.append(f"- JDK: {' / '.join(jv) if jv else '?'}")
    if meta:
        md.append(f"- JMH {meta['jmhVersion']}: {meta['forks']} fork(s), {meta['warmupIterations']} warm-up "
                  f"iteration(s) of {meta['warmupTime']}, {meta['measurementIterations']} measurement iteration(s) of "
                  f"{meta['measurementTime']}, `-prof gc`; command: `java -jar benchmarks/target/benchmarks.jar "
                  f"{args.jmh_args}`")
    if args.jmh_weaving_args:
        md.append(f"- JMH for 8a (the weaver's throughput climbs for 10 s on an idle machine, 20 s or more on a busy one): "
                  f"`java -jar benchmarks/target/benchmarks.jar {args.jmh_weaving_args}`")
    if asyncio_data:
        md.append(f"- asyncio: {asyncio_data['python']}, {asyncio_data['reps']} repetitions per figure "
                  f"(`benchmarks/asyncio_bench.py`)")
    if memory:
        md.append(f"- Memory (figure 6): {memory['reps']} fresh JVM(s) per variant, `{memory['jvmOptions']}`")
    if startup:
        md.append(f"- Start-up (8c, 8d): {startup['reps']} timed runs of each JVM, alternating, after "
                  f"{startup.get('warmups', 2)} warm-up run(s) of each")
    if vt_note:
        md.append(vt_note.strip("\n"))
    md.append("")
    md.append("Each cell is the median ± its error (half the width of the distribution-free ~95% confidence "
              "interval of the median; JMH samples are the measurement iterations of all forks). "
              "Weft / anchor below 1 means Weft is faster or smaller.")
    md.append("")
    md.append(markdown_table(rows))
    md.append("")
    md.append("## What each figure measures")
    md.append("")
    md.append(NOTES)
    text = "\n".join(md) + "\n" + kept_network_section(args.out)
    with open(args.out, "w") as f:
        f.write(text)
    print(plain_table(rows))
    print()
    print(f"written to {args.out}")


def kept_network_section(path):
    """The section that benchmarks/net/run wrote into the old file (between its markers), to carry over; or ""."""
    try:
        with open(path) as f:
            old = f.read()
    except OSError:
        return ""
    begin = old.find("<!-- network-io:begin")
    end = old.find("<!-- network-io:end -->", begin)
    if begin < 0 or end < 0:
        return ""
    return "\n" + old[begin:end + len("<!-- network-io:end -->")] + "\n"


NOTES = """\
All JVM figures except 6 and 8c/8d come from one JMH run (`-prof gc`; "allocated" is `gc.alloc.rate.norm`,
bytes allocated by all threads per operation). Every invocation of a benchmark method runs a batch of
operations in a fresh event loop (`Weft.run`, Kotlin's `runBlocking`, one new virtual thread, one task on the
single-thread executor) and JMH divides by the batch size (`@OperationsPerInvocation`): 100,000 operations
for figure 1, 10,000 for figures 2-5, 10 chains for figure 7. Everything runs on one thread: virtual threads
get one carrier (`-Djdk.virtualThreadScheduler.parallelism=1`), CompletableFuture one executor thread.
asyncio runs the same operations in CPython (`benchmarks/asyncio_bench.py`), timed with
`time.perf_counter_ns()` inside the running loop; it has no allocation figure.

1. `sum += await(done)` on a completed `Promise`. Kotlin: `await()` of a completed `CompletableDeferred`;
   virtual threads: `join()` of a completed `CompletableFuture`; CompletableFuture: `thenApply` on a completed
   future (runs at once) and `getNow`; asyncio: `await` of a done `Future`. Here everything is inlined, and
   the JIT's escape analysis may remove what would otherwise be allocated.
2. `await(child(i))` where `child` is an `@Async` method with an await it does not reach. Kotlin: a suspend
   function with a suspension point it does not reach; CompletableFuture: a child returning
   `completedFuture(v)` and `thenApply` on it; asyncio: `await child(i)`. Virtual threads have no such
   operation (it is a plain call). In every JVM variant the child is never inlined into the loop
   (`@CompilerControl(DONT_INLINE)`, `-XX:CompileCommand=dontinline` for Kotlin): inlined, the JIT may
   remove the coroutine object altogether, which real code with real coroutine bodies does not get.
3. `await(Weft.sleep(Duration.ZERO))`; Kotlin `yield()`; virtual thread `Thread.yield()`; asyncio
   `await asyncio.sleep(0)`. CompletableFuture has no yield.
4. Two tasks; ping completes a request promise and awaits a fresh reply promise, pong awaits the request,
   makes the next request promise and completes the reply. One op = one round trip. Kotlin: two coroutines
   and two rendezvous `Channel`s; virtual threads: two virtual threads and two `SynchronousQueue`s;
   CompletableFuture: the same protocol with `thenAcceptAsync(..., executor)` continuations; asyncio: two
   tasks and futures, as in Weft.
5. `await(Weft.spawn(child(i)))`, with the child of figure 2. Kotlin `async { child(i) }.await()`;
   virtual threads: `submit` to a virtual-thread-per-task executor and `get()`; CompletableFuture:
   `supplyAsync(..., executor)` and a continuation; asyncio: `await asyncio.create_task(child(i))`.
6. 1,000,000 tasks, each suspended on its own never-completed promise (Weft `Promise`, Kotlin
   `CompletableDeferred`, virtual thread blocked in `CompletableFuture.join()`, a CompletableFuture
   continuation `thenApplyAsync` registered on a future, asyncio `Future`); the promise is counted. Heap in
   use after full GCs (`System.gc()`, `MemoryMXBean`, Serial GC) before and after, divided by the number of
   tasks, in a fresh JVM per measurement (`SuspendedTaskMemory`). asyncio: bytes traced by `tracemalloc`
   before and after.
7. `await(chain(1000))`, where `chain(n)` awaits `chain(n - 1)` and `chain(0)` awaits
   `Weft.sleep(Duration.ZERO)`: the chain is built, suspends at the bottom and completes up through all
   1,000 frames. Kotlin: nested suspend calls with `yield()` at the bottom; virtual threads: a recursion 1,000
   deep with `Thread.yield()` at the bottom (the stack is frozen and thawed); CompletableFuture: 1,000 nested
   `thenApply` over a `supplyAsync` bottom; asyncio: nested `await` with `sleep(0)` at the bottom.
8. a. Class files woven per second by `Weaver.weave` (no anchor), over the unwoven classes of the examples
   and the validation fixtures (compiled at `--release 17 -g` in the benchmark's setup), round-robin, in a
   JMH invocation of its own with 30 s of warm-up per fork: the weaver's throughput climbs for about 10 s on
   an idle machine and for 20 s or more on a busy one.
   b. The cost of the agent's test (`Weaver.mightNeedWeaving`) on a class that does not use Weft (classes of
   Kotlin's standard library, kotlinx.coroutines and JMH).
   c, d. Wall time of whole JVM runs (`StartupCost`) of a generated program of 2,000 ordinary classes that
   the agent does not weave (main touches every class: load, verify, initialise), and of an empty program,
   with `-javaagent:weft-agent.jar` and without. c minus d is the agent's cost per class it leaves alone.
"""

if __name__ == "__main__":
    main()
