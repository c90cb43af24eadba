#!/usr/bin/env python3
"""Side-by-side figures of tinybpf (ours) and, when given, the original Go tool (scripts/bench).

Paired runs: each round runs ours and the original back to back (the order alternating), so
machine load that changes over time affects both; figures are medians of the runs and ratios
are medians of the per-pair ratios.

What is measured, per build:
  wall    elapsed time of the command the user runs (ours: the native client);
  cpu     CPU time of everything that build used: for the original, its process tree (wait4);
          for ours, the client plus the resident server and the tools it ran (the server sits
          in a cpuacct cgroup made for the benchmark; without one, /proc/<pid>/stat);
  own     wall minus the wall time of the tools (tinygo, llvm-link, opt, llc), which run through
          toolclock wrappers that log their time (both tools take --tinygo/--opt/--llc/...);
  rss     peak resident set of the build's largest process: the original's process tree
          (wait4's maximum), for ours the maximum of the server (VmHWM, reset before the run),
          the client and each tool.

Usage: compare.py --ours CLIENT [--orig BINARY] --out DIR --runs N --example DIR ...
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TOOLS = ["tinygo", "llvm-link", "opt", "llc"]


def median(xs):
    return statistics.median(xs) if xs else float("nan")


class Clock:
    """toolclock wrappers for the real tools; log parsing."""

    def __init__(self, out, real):
        self.dir = os.path.join(out, "clock")
        os.makedirs(self.dir, exist_ok=True)
        self.log = os.path.join(self.dir, "tools.log")
        src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "toolclock.c")
        self.paths = {}
        for name, path in real.items():
            exe = os.path.join(self.dir, name)
            subprocess.run(["cc", "-O2", f'-DREAL="{path}"', f'-DLOG="{self.log}"', "-o", exe, src], check=True)
            self.paths[name] = exe

    def flags(self, only=None):
        return [f"--{name}={exe}" for name, exe in self.paths.items() if only is None or name in only]

    def reset(self):
        open(self.log, "w").close()

    def read(self):
        wall = cpu = 0.0
        rss = 0
        with open(self.log) as f:
            for line in f:
                _, ns, maxrss, user, sys_ = line.split()
                wall += int(ns) / 1e9
                cpu += (int(user) + int(sys_)) / 1e6
                rss = max(rss, int(maxrss))
        return wall, cpu, rss


class Server:
    """Our resident server: found by its socket, its CPU read through a cpuacct cgroup."""

    def __init__(self, runtime_dir):
        self.runtime_dir = runtime_dir
        self.pid = None
        self.cgroup = None

    def find(self):
        for p in os.listdir("/proc"):
            if not p.isdigit():
                continue
            try:
                cmd = open(f"/proc/{p}/cmdline", "rb").read().split(b"\0")
            except OSError:
                continue
            if b"__server" in cmd and any(self.runtime_dir.encode() in c for c in cmd):
                self.pid = int(p)
                break
        if self.pid and self.cgroup is None:
            cg = f"/sys/fs/cgroup/cpuacct/tinybpf-bench-{os.getpid()}"
            try:
                os.makedirs(cg, exist_ok=True)
                with open(os.path.join(cg, "cgroup.procs"), "w") as f:
                    f.write(str(self.pid))
                self.cgroup = cg
            except OSError:
                self.cgroup = ""
        return self.pid

    def cpu(self):
        if self.cgroup:
            with open(os.path.join(self.cgroup, "cpuacct.usage")) as f:
                return int(f.read()) / 1e9
        if not self.pid:
            return 0.0
        f = open(f"/proc/{self.pid}/stat").read().rsplit(")", 1)[1].split()
        return sum(int(x) for x in f[11:15]) / os.sysconf("SC_CLK_TCK")

    def reset_peak(self):
        if self.pid:
            try:
                with open(f"/proc/{self.pid}/clear_refs", "w") as f:
                    f.write("5")
            except OSError:
                pass

    def peak_kib(self):
        if not self.pid:
            return 0
        for line in open(f"/proc/{self.pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return 0

    def close(self):
        if self.cgroup:
            # move the server back so the cgroup can go; it exits by itself when idle
            try:
                with open("/sys/fs/cgroup/cpuacct/cgroup.procs", "w") as f:
                    f.write(str(self.pid))
                os.rmdir(self.cgroup)
            except OSError:
                pass


def run(cmd, cwd, env, clock, server=None):
    """One run: returns dict(wall, cpu, own, rss, ok)."""
    clock.reset()
    s0 = server.cpu() if server else 0.0
    if server:
        server.reset_peak()
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as errf:
        p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errf)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        errf.seek(0)
        err = errf.read().decode(errors="replace")
    tools_wall, tools_cpu, tools_rss = clock.read()
    cpu = ru.ru_utime + ru.ru_stime
    rss = ru.ru_maxrss
    if server:
        cpu += server.cpu() - s0  # server + the tools it ran
        rss = max(rss, server.peak_kib(), tools_rss)
    return {"wall": wall, "cpu": cpu, "own": wall - tools_wall, "rss": rss, "ok": p.returncode == 0, "err": err}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", required=True)
    ap.add_argument("--orig")
    ap.add_argument("--out", required=True)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--warm-server", type=int, default=20, help="builds that warm our server first")
    ap.add_argument("--tool", action="append", default=[], help="name=path of the real tinygo/opt/llc/llvm-link")
    ap.add_argument("--example", action="append", default=[])
    ap.add_argument("--orig-env", action="append", default=[], help="NAME=value for the original only")
    ap.add_argument("--ours-env", action="append", default=[], help="NAME=value for ours only (e.g. TINYBPF_SERVER=0)")
    ap.add_argument("--link-ir", help="a large LLVM IR module to `link` with both tools")
    ap.add_argument("--link-config", help="the tinybpf.json naming its programs' sections")
    ap.add_argument("--link-runs", type=int, default=3)
    ap.add_argument("--only", default="examples,warm,version,link", help="which figures (comma-separated)")
    a = ap.parse_args()
    a.ours = os.path.abspath(a.ours)
    a.orig = os.path.abspath(a.orig) if a.orig else None
    a.out = os.path.abspath(a.out)

    real = dict(t.split("=", 1) for t in a.tool)
    clock = Clock(a.out, real)
    work = tempfile.mkdtemp(prefix="bench-", dir=a.out)
    runtime_dir = os.path.join(work, "run")
    os.makedirs(runtime_dir, mode=0o700)
    env = dict(os.environ, XDG_RUNTIME_DIR=runtime_dir, TMPDIR=work, TINYBPF_SERVER_IDLE="120")
    env_orig = dict(env, **dict(e.split("=", 1) for e in a.orig_env))
    env = dict(env, **dict(e.split("=", 1) for e in a.ours_env))
    server = Server(runtime_dir)
    results = {"examples": {}, "version": {}, "warm": {}}
    obj = os.path.join(work, "out.bpf.o")

    def ours_build(ex, cache):
        flags = [] if cache else ["--no-cache"]
        return [a.ours, "build", *flags, *clock.flags(), "-o", obj, "."]

    def orig_build(ex, cache):
        return [a.orig, "build", f"--cache={'true' if cache else 'false'}", *clock.flags(), "-o", obj, "."]

    # which examples both tools build
    only = set(a.only.split(","))
    examples = []
    for ex in (a.example if only & {"examples", "warm"} else []):
        r1 = run(ours_build(ex, False), ex, env, clock)
        ok = r1["ok"]
        if a.orig:
            r2 = run(orig_build(ex, False), ex, env_orig, clock)
            if not r2["ok"]:
                why = r2["err"].strip().splitlines()[0] if r2["err"].strip() else "?"
                print(f"  (skipping {os.path.relpath(ex)}: the original cannot build it: {why[:90]})", file=sys.stderr)
                ok = False
        if ok:
            examples.append(ex)
    if not examples and only & {"examples", "warm"}:
        sys.exit("no example builds with both tools")
    if not examples:  # start the server for the other figures
        run([a.ours, "help"], work, env, clock)
    server.find()

    # a resident server is warm after a few builds; the first build after it starts is reported apart
    first = None
    for i in range(a.warm_server if examples else 0):
        r = run(ours_build(examples[i % len(examples)], False), examples[i % len(examples)], env, clock, server)
        if first is None:
            first = r

    for ex in examples:
        pairs = []
        for i in range(a.runs if "examples" in only else 0):
            order = [0, 1] if i % 2 == 0 else [1, 0]
            got = [None, None]
            for k in order:
                if k == 0:
                    got[0] = run(ours_build(ex, False), ex, env, clock, server)
                elif a.orig:
                    got[1] = run(orig_build(ex, False), ex, env_orig, clock)
            pairs.append(got)
        results["examples"][ex] = pairs

    # warm rebuild: unchanged package, each tool's cache on (ours: a private cache dir)
    cache_env = dict(env, TINYBPF_CACHE_DIR=os.path.join(work, "cache"))
    ex = examples[0] if examples else None
    if ex and "warm" in only:
        run(ours_build(ex, True), ex, cache_env, clock, server)
        if a.orig:
            run(orig_build(ex, True), ex, env_orig, clock)
    warm = []
    for i in range(max(a.runs, 9) if ex and "warm" in only else 0):
        o = run(ours_build(ex, True), ex, cache_env, clock, server)
        g = run(orig_build(ex, True), ex, env_orig, clock) if a.orig else None
        warm.append([o, g])
    results["warm"] = {ex: warm} if warm else {}

    # link of the large module: own time is parse + transform + validation, peak RSS the largest process
    if a.link_ir and "link" in only:
        link = []
        lo = os.path.join(work, "link.bpf.o")
        for i in range(a.link_runs):
            llvm = clock.flags(("opt", "llc", "llvm-link"))  # link runs no TinyGo and takes no --tinygo
            o = run([a.ours, "link", "--no-cache", *llvm, "--config", a.link_config, "-i", a.link_ir, "-o", lo], work, env, clock, server)
            o["server_rss"] = server.peak_kib()
            g = None
            if a.orig:
                g = run([a.orig, "link", "--cache=false", *llvm, "--config", a.link_config, "--input", a.link_ir, "-o", lo], work, env_orig, clock)
            if not o["ok"] or (g and not g["ok"]):
                print("link failed:", o["err"][-2000:], (g or {}).get("err", "")[-2000:], file=sys.stderr)
                break
            link.append([o, g])
        results["link"] = link

    # version (start-up): paired too
    vers = []
    for i in range(21 if "version" in only else 0):
        o = run([a.ours, "version"], work, env, clock)
        g = run([a.orig, "version"], work, env_orig, clock) if a.orig else None
        vers.append([o, g])
    results["version"] = vers

    server.close()
    report(results, first, a.orig is not None)
    with open(os.path.join(a.out, "compare.json"), "w") as f:
        json.dump({"first_build_after_server_start": first, **results}, f, indent=1, default=str)
    shutil.rmtree(work, ignore_errors=True)


def fmt_ratio(xs):
    return f"{median(xs):.2f}" if xs else "-"


def report(res, first, have_orig):
    def line(label, pairs, keys=("wall", "cpu", "own", "rss")):
        o = {k: median([p[0][k] for p in pairs]) for k in keys}
        parts = [f"{label}:"]
        for k in keys:
            unit = (lambda v: f"{v / 1024:.0f} MiB") if k == "rss" else (lambda v: f"{v * 1000:.0f} ms")
            s = f"{k} {unit(o[k])}"
            if have_orig:
                g = median([p[1][k] for p in pairs])
                ratio = median([p[0][k] / p[1][k] for p in pairs if p[1][k] > 0])
                s += f" vs {unit(g)} (x{ratio:.2f})"
            parts.append(s)
        print("  ".join(parts))
        return o

    print("tinybpf (ours) vs the original" if have_orig else "tinybpf (ours)")
    print("(medians; 'xR' = median of per-pair ratios ours/original; own = wall minus the tools' wall)")
    ratios = {"wall": [], "cpu": [], "rss": []}
    for ex, pairs in res["examples"].items():
        if not pairs:
            continue
        line(f"cold build {os.path.basename(os.path.dirname(ex)) if os.path.basename(ex) == 'bpf' else os.path.basename(ex)}", pairs)
        if have_orig:
            for k in ratios:
                ratios[k].append(median([p[0][k] / p[1][k] for p in pairs]))
    if have_orig and ratios["wall"]:
        geo = {k: statistics.geometric_mean(v) for k, v in ratios.items()}
        print(f"cold builds, geometric mean of the ratios over {len(ratios['wall'])} examples: wall x{geo['wall']:.2f}, "
              f"cpu x{geo['cpu']:.2f}, peak rss x{geo['rss']:.2f}")
    for ex, pairs in res["warm"].items():
        line("warm rebuild (unchanged package, cache on)", pairs, ("wall", "cpu", "own"))
    if res.get("link"):
        line("link of the large module", res["link"], ("wall", "own", "rss"))
        print(f"  (our server's own peak during the link: {median([p[0]['server_rss'] for p in res['link']]) / 1024:.0f} MiB; "
              "own time is parse + transform + checks, so its ratio is the transform throughput ratio)")
    if res["version"]:
        line("version", res["version"], ("wall", "cpu"))
    if first:
        print(f"first build after the server starts: wall {first['wall'] * 1000:.0f} ms, own {first['own'] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
