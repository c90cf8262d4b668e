"""Writes the "Network I/O (issue 13)" section of benchmarks/RESULTS.md from the outputs of benchmarks/net/run.

    python3 benchmarks/net/report.py --results benchmarks/target/net-results --out benchmarks/RESULTS.md \\
        --command "benchmarks/net/run" --java JAVA [--load-before L] [--load-after L] [--wrk-version V]

Only that section is replaced (between its begin and end markers), or appended when the file has none: the rest
of the file is kept byte for byte. Every figure is the median over the rounds (the run interleaves the servers
round by round); the range of the rounds' throughput follows it.
"""
import argparse
import datetime
import glob
import json
import os
import re
import statistics
import subprocess

BEGIN = "<!-- network-io:begin (written by benchmarks/net/run; do not edit by hand) -->"
END = "<!-- network-io:end -->"
TITLE = "## Network I/O (issue 13)"

ECHO_ROWS = [
    ("weft-1", "Weft, one loop (`Weft.run` + `Weft.startServer`)"),
    ("weft-2", "Weft, `EventLoopGroup(2)` (`group.startServer`)"),
    ("netty-2", "Netty 4.2 NIO, 1 boss + 2 workers"),
    ("netty-1", "Netty 4.2 NIO, 1 boss + 1 worker"),
    ("vt", "virtual threads, blocking `java.net` sockets"),
    ("asyncio", "asyncio streams (CPython, default loop)"),
    ("uvloop", "asyncio streams on uvloop"),
]
HTTP_ROWS = [
    ("weft-http-1", "Weft `examples.net.HttpServer`, 1 loop"),
    ("weft-http-2", "Weft `examples.net.HttpServer`, 2 loops"),
    ("netty-http", "Netty 4.2 NIO `HttpServerCodec`, 1 boss + 2 workers"),
    ("vt-http", "virtual threads, blocking sockets, hand-written HTTP/1.1"),
]
WEFT_ECHO = ("weft-1", "weft-2")
WEFT_HTTP = ("weft-http-1", "weft-http-2")


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def not_measured(results):
    out = {}
    for path in glob.glob(os.path.join(results, "*.notmeasured.json")):
        with open(path) as f:
            d = json.load(f)
        out[d["label"]] = d["notMeasured"]
    return out


def echo_figures(results):
    runs = {}
    for path in sorted(glob.glob(os.path.join(results, "echo.*.json"))):
        with open(path) as f:
            d = json.load(f)
        runs.setdefault(d["label"], []).append(d)
    figures = {}
    for name, rs in runs.items():
        rps = [r["rps"] for r in rs]
        cpu = [r["serverCpuSeconds"] / r["roundTrips"] * 1e6 for r in rs
               if r.get("serverCpuSeconds") is not None and r["roundTrips"]]
        figures[name] = {
            "rounds": len(rs), "rps": median(rps), "rpsMin": min(rps), "rpsMax": max(rps),
            "p50": median([r["p50Micros"] for r in rs]), "p99": median([r["p99Micros"] for r in rs]),
            "p999": median([r["p999Micros"] for r in rs]),
            "cpuPerRt": median(cpu),
            "serverCores": median([r["serverCpuSeconds"] / r["seconds"] for r in rs if r.get("serverCpuSeconds") is not None]),
            "clientCores": median([r["clientCpuSeconds"] / r["seconds"] for r in rs]),
            "failed": max(r["failed"] for r in rs), "firstFailure": next((r["firstFailure"] for r in rs if r["firstFailure"]), None),
            "served": min(r["activeConnections"] for r in rs), "connections": rs[0]["connections"],
            "minPer": min(r["minPerConnection"] for r in rs), "maxPer": max(r["maxPerConnection"] for r in rs),
            "sampled": any(r["sampled"] for r in rs),
        }
    return figures


UNITS = {"us": 1.0, "ms": 1e3, "s": 1e6, "m": 60e6}


def micros(text):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    return float(m.group(1)) * UNITS[m.group(2)] if m else None


def parse_wrk(text):
    """Requests/sec, p50, p99 (microseconds), errors and non-2xx counts from wrk --latency's output."""
    d = {}
    m = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    d["rps"] = float(m.group(1)) if m else None
    for pct in ("50", "75", "90", "99"):
        m = re.search(r"^\s+%s%%\s+(\S+)" % pct, text, re.M)
        d["p" + pct] = micros(m.group(1)) if m else None
    m = re.search(r"^\s+(\d+) requests in ([\d.]+)(\w+)", text, re.M)
    d["requests"] = int(m.group(1)) if m else None
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    d["socketErrors"] = sum(int(g) for g in m.groups()) if m else 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    d["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"^server_cpu_ticks: (\d+)", text, re.M)
    d["serverCpuSeconds"] = int(m.group(1)) / 100.0 if m else None
    return d


def http_figures(results, seconds):
    runs = {}
    for path in sorted(glob.glob(os.path.join(results, "http.*.txt"))):
        if path.endswith(".warmup.txt"):
            continue
        name = os.path.basename(path).split(".")[1]
        with open(path) as f:
            runs.setdefault(name, []).append(parse_wrk(f.read()))
    figures = {}
    for name, rs in runs.items():
        ok = [r for r in rs if r["rps"] is not None]
        if not ok:
            continue
        rps = [r["rps"] for r in ok]
        cpu = [r["serverCpuSeconds"] / (r["rps"] * seconds) * 1e6 for r in ok
               if r["serverCpuSeconds"] is not None and r["rps"]]
        figures[name] = {
            "rounds": len(ok), "rps": median(rps), "rpsMin": min(rps), "rpsMax": max(rps),
            "p50": median([r["p50"] for r in ok]), "p99": median([r["p99"] for r in ok]),
            "cpuPerRt": median(cpu),
            "errors": max(r["socketErrors"] for r in ok), "non2xx": max(r["non2xx"] for r in ok),
        }
    return figures


def fmt_rps(f):
    rng = f" ({f['rpsMin']:,.0f}–{f['rpsMax']:,.0f})" if f["rounds"] > 1 else ""
    return f"{f['rps']:,.0f}{rng}"


def fmt_us(x):
    if x is None:
        return "?"
    return f"{x / 1e3:.2f} ms" if x >= 1000 else f"{x:.0f} µs"


def ratio(a, b):
    if a is None or b is None or not b:
        return "–"
    return f"{a / b:.2f}×"


def table(rows, figures, missing, anchors, echo):
    head = ["server", "round trips/s" if echo else "requests/s", "p50", "p99"]
    if echo:
        head += ["p99.9"]
    head += ["server CPU µs per " + ("round trip" if echo else "request")]
    for _, label in anchors:
        head += [f"rps × {label}", f"p99 × {label}"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, label in rows:
        f = figures.get(key)
        if f is None:
            reason = missing.get(key, "no result (see the run's log in benchmarks/target/net-results/)")
            lines.append(f"| {label} | not measured: {reason} |" + " |" * (len(head) - 2))
            continue
        cells = [label, fmt_rps(f), fmt_us(f["p50"]), fmt_us(f["p99"])]
        if echo:
            cells.append(fmt_us(f["p999"]))
        cells.append("?" if f["cpuPerRt"] is None else f"{f['cpuPerRt']:.1f}")
        for akey, _ in anchors:
            a = figures.get(akey)
            cells += [ratio(f["rps"], a and a["rps"]), ratio(f["p99"], a and a["p99"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(weft_keys, rows, figures, netty_key, vt_key):
    out = []
    n, v = figures.get(netty_key), figures.get(vt_key)
    names = dict(rows)
    for key in weft_keys:
        w = figures.get(key)
        if w is None:
            continue
        checks = []
        if n:
            checks.append(f"throughput ≥ Netty's: {'met' if w['rps'] >= n['rps'] else 'missed'} ({w['rps'] / n['rps']:.2f}×)")
        if v:
            checks.append(f"≥ 1.2× virtual threads': {'met' if w['rps'] >= 1.2 * v['rps'] else 'missed'} ({w['rps'] / v['rps']:.2f}×)")
        worst = max([x["p99"] for x in (n, v) if x] or [None]) if (n or v) else None
        best = min([x["p99"] for x in (n, v) if x]) if (n or v) else None
        if best is not None:
            checks.append(f"p99 no worse than either: {'met' if w['p99'] <= best else 'missed'} "
                          f"({fmt_us(w['p99'])} against {fmt_us(best)}–{fmt_us(worst)})")
        out.append(f"- {names[key]}: " + "; ".join(checks))
    return out


def run_text(cmd, stderr=False):
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (done.stderr if stderr else done.stdout).strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def section(args):
    with open(os.path.join(args.results, "settings.json")) as f:
        s = json.load(f)
    missing = not_measured(args.results)
    echo = echo_figures(args.results)
    wrk_seconds = float(s["wrkDuration"].rstrip("s"))
    http = http_figures(args.results, wrk_seconds)
    java_version = " / ".join(run_text([args.java, "-version"], stderr=True).splitlines()) or "?"
    commit = run_text(["git", "rev-parse", "--short", "HEAD"]) or "?"
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"^model name\s*:\s*(.*)$", f.read(), re.M)
            cpu = m.group(1).strip() if m else "?"
    except OSError:
        pass
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    md = [BEGIN, TITLE, ""]
    md.append(f"Generated by `{args.command}` on {now}. Do not edit by hand: run the command again.")
    md.append("")
    md.append(f"- Weft: commit {commit}; JDK (every Java server and the load client): {java_version}")
    md.append(f"- Machine: {os.cpu_count()} CPUs (nproc), {cpu}; load average (1, 5, 15 min) at the start "
              f"{args.load_before}, at the end {args.load_after} (other work on the machine shows here)")
    md.append(f"- Each server in its own process, JVMs with `{s['serverJvm']}`, the load client with `{s['clientJvm']}`; "
              + (f"{s['rounds']} rounds, the servers interleaved round by round; each figure is the median over the "
               "rounds, the throughput's range over the rounds in parentheses" if s["rounds"] > 1 else "one round"))
    md.append(f"- **Client and server share the machine's {os.cpu_count()} cores** (no pinning): on a 2-core machine "
              "the load generator takes about as much CPU as the server, so these are figures of the pair; the "
              "column \"server CPU per round trip\" (from /proc, over the measured window) is the server's own cost")
    md.append("")
    md.append(f"### Request/response: {s['connections']:,} connections, one {32}-byte line echoed per round trip")
    md.append("")
    md.append(f"`LoadClient` (plain NIO selectors on {s['clientThreads']} threads, nothing shared with any server) "
              f"connects {s['connections']:,} connections, warms up for {s['warmup']} s, then measures for "
              f"{s['duration']} s; each connection keeps one request in flight (a closed loop). Latency is timed per "
              "request by the client, from the request's write to the last byte of its echo, every one kept in a "
              "preallocated `long[]` per connection and sorted (nearest rank).")
    md.append("")
    anchors = [("netty-2", "Netty (2 workers)"), ("vt", "virtual threads")]
    if s.get("parts", "all") == "http":
        md.append("Not run by this command (`--only http`).")
    else:
        md.append(table(ECHO_ROWS, echo, missing, anchors, True))
    md.append("")
    notes = []
    for key, label in ECHO_ROWS:
        f = echo.get(key)
        if f and (f["failed"] or f["served"] < f["connections"]):
            notes.append(f"- {label}: {f['failed']} connection(s) failed ({f['firstFailure']}), "
                         f"{f['served']} of {f['connections']} served in the window")
        if f and f["sampled"]:
            notes.append(f"- {label}: some connections completed more round trips than their latency array holds: "
                         "their latencies are a uniform sample")
    cores = ", ".join(f"{k} {echo[k]['serverCores']:.2f}/{echo[k]['clientCores']:.2f}"
                      for k, _ in ECHO_ROWS if k in echo and echo[k]["serverCores"] is not None)
    if cores:
        notes.append(f"- Cores busy during the window, server/client: {cores}")
    md.extend(notes)
    if notes:
        md.append("")
    if any(k in echo for k in WEFT_ECHO):
        md.append("Targets (issue 13), against Netty with 2 workers and virtual threads:")
        md.append("")
        md.extend(targets(WEFT_ECHO, ECHO_ROWS, echo, "netty-2", "vt"))
        md.append("")
    md.append(f"### HTTP/1.1 keep-alive under wrk (`wrk {s['wrkArgs']} -d {s['wrkDuration']}`, after a "
              f"{s['wrkWarmup']} warm-up run)")
    md.append("")
    md.append(f"wrk: {args.wrk_version}. Every server answers `GET /` with `200 OK` and `Hello, World!\\n`; "
              "p50 and p99 are wrk's `--latency` distribution.")
    md.append("")
    http_anchors = [("netty-http", "Netty"), ("vt-http", "virtual threads")]
    if s.get("parts", "all") == "echo":
        md.append("Not run by this command (`--only echo`).")
    else:
        md.append(table(HTTP_ROWS, http, missing, http_anchors, False))
    md.append("")
    bad = [f"- {label}: {http[k]['errors']} socket error(s), {http[k]['non2xx']} non-2xx response(s)"
           for k, label in HTTP_ROWS if k in http and (http[k]["errors"] or http[k]["non2xx"])]
    if bad:
        md.extend(bad)
        md.append("")
    if any(k in http for k in WEFT_HTTP):
        md.append("Targets (issue 13), against Netty and virtual threads:")
        md.append("")
        md.extend(targets(WEFT_HTTP, HTTP_ROWS, http, "netty-http", "vt-http"))
        md.append("")
    md.append(f"Command: `{args.command}` (raw outputs in `benchmarks/target/net-results/`).")
    md.append(END)
    return "\n".join(md) + "\n"


def splice(old, new_section):
    """old with its network section replaced by new_section, or with new_section appended."""
    start = old.find(BEGIN)
    if start >= 0:
        end = old.find(END, start)
        end = len(old) if end < 0 else end + len(END)
        rest = old[end:]
        if rest.startswith("\n"):
            rest = rest[1:]
        return old[:start] + new_section + rest
    sep = "" if not old or old.endswith("\n\n") else ("\n" if old.endswith("\n") else "\n\n")
    return old + sep + new_section


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--results", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--command", required=True)
    p.add_argument("--java", required=True)
    p.add_argument("--load-before", default="?")
    p.add_argument("--load-after", default="?")
    p.add_argument("--wrk-version", default="?")
    args = p.parse_args()
    new = section(args)
    old = ""
    if os.path.exists(args.out):
        with open(args.out) as f:
            old = f.read()
    with open(args.out, "w") as f:
        f.write(splice(old, new))
    print(new)
    print(f"section written to {args.out}")


if __name__ == "__main__":
    main()
