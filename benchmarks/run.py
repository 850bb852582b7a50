"""`make bench`: what a build costs, measured the way a user runs it.

For each figure the median of several runs is reported, as a table and as JSON
(benchmarks/out/latest.json and a dated copy):

- extraction throughput in MB/s per core on the synthetic corpus and on the real sources/,
  next to two references measured in the same run on the same texts: a spaCy blank-English
  tokenizer pass and one compiled regular-expression scan (the floor for touching every byte
  in Python);
- the time of importing the stack (`python -c "import dagster, pandera.pandas, duckdb, pyarrow"`);
- full builds through the Dagster asset graph (`eujapan build` in a subprocess, cache empty,
  no earlier release): wall time and peak memory of the whole process tree, for the real
  sources/ and for N synthetic documents;
- incremental builds on the largest corpus: after changing one document, after adding one;
- the README's example queries against the largest release.

    python -m benchmarks.run [--sizes 1000,10000] [--repeats 3] [--quick]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil

from benchmarks import corpus

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "out"
IMPORT_STACK = "import dagster, pandera.pandas, duckdb, pyarrow"
# spaCy is the `bench` extra: `make bench` installs it, `make setup` (and so the tests) does not.
HAVE_SPACY = importlib.util.find_spec("spacy") is not None
GiB = 1024**3


# --- measuring --------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def run_measured(cmd: list[str], env: dict[str, str], cwd: Path = REPO) -> dict:
    """Run a command; wall time, peak RSS of the whole process tree and of its largest process.

    The tree is sampled every 100 ms with psutil (worker processes included; sampling more
    often took a noticeable share of a core away from the build on 2 cores), and the parent's
    own peak is cross-checked with getrusage, which the kernel keeps exactly.
    """
    before = _children_maxrss()
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    tree_peak = 0
    per_pid: dict[int, int] = {}
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        total = 0
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            procs = []
        for p in procs:
            try:
                rss = p.memory_info().rss
            except psutil.NoSuchProcess:
                continue
            total += rss
            per_pid[p.pid] = max(per_pid.get(p.pid, 0), rss)
        tree_peak = max(tree_peak, total)
        time.sleep(0.1)
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - start
    main_peak = max(
        per_pid.get(proc.pid, 0), _children_maxrss() if _children_maxrss() > before else 0
    )
    workers = [v for pid, v in per_pid.items() if pid != proc.pid]
    return {
        "returncode": proc.returncode,
        "wall_s": wall,
        "peak_rss_tree_bytes": max(tree_peak, main_peak),
        "peak_rss_main_bytes": main_peak,
        "peak_rss_worker_bytes": max(workers) if workers else 0,
        "processes": len(per_pid),
        "stdout": stdout[-2000:],
        "stderr": stderr[-4000:],
    }


def _children_maxrss() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def build_env(dagster_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DAGSTER_HOME": str(dagster_home),
            "DAGSTER_DISABLE_TELEMETRY": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    for name in ("EUJAPAN_SOURCES_DIR", "EUJAPAN_OUTPUTS_DIR"):
        env.pop(name, None)
    return env


def cli_build(sources: Path, outputs: Path, env: dict[str, str]) -> dict:
    cmd = [str(Path(sys.executable).with_name("eujapan")), "build"]
    if not Path(cmd[0]).exists():
        cmd = [sys.executable, "-m", "pipeline.cli", "build"]
    # --no-record: the benchmark times the build, not Dagster writing its event log to SQLite.
    args = ["--sources", str(sources), "--outputs", str(outputs), "--no-record", "--quiet"]
    result = run_measured([*cmd, *args], env)
    if result["returncode"] != 0:
        raise RuntimeError(f"build failed ({result['returncode']}):\n{result['stderr']}")
    return result


def import_times(repeats: int, env: dict[str, str]) -> list[float]:
    return [
        run_measured([sys.executable, "-c", IMPORT_STACK], env)["wall_s"] for _ in range(repeats)
    ]


def throughput(folder: Path, repeats: int, env: dict[str, str]) -> dict:
    """MB/s on one core for extraction and the two references, on the same texts.

    Each pass runs in a fresh process (benchmarks/throughput.py) and is timed in CPU seconds
    without imports, so every method starts cold and other load on the machine counts less.
    The methods take turns (one pass of each, then again), so that a change of load during the
    run weighs on all of them alike.
    """
    methods = [("regex_scan", "regex"), ("extraction", "extraction")]
    if HAVE_SPACY:
        methods.insert(0, ("spacy_tokenizer", "spacy"))
    passes: dict[str, list[dict]] = {name: [] for name, _method in methods}
    for _ in range(repeats):
        for name, method in methods:
            out = subprocess.run(
                [sys.executable, "-m", "benchmarks.throughput", method, str(folder)],
                cwd=REPO,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            passes[name].append(json.loads(out.stdout))
    figures: dict = {}
    for name, runs in passes.items():
        times = [p["cpu_s"] for p in runs]
        figures[name] = {"mb_per_s": runs[0]["megabytes"] / median(times), "cpu_s": times}
    megabytes = passes["extraction"][0]["megabytes"]
    return {"megabytes": megabytes, "documents": folder_stats(folder)["documents"], **figures}


# --- the corpora ------------------------------------------------------------------------------


def corpus_folder(work: Path, n: int) -> Path:
    folder = work / f"corpus-{n}"
    corpus.generate(folder, n)
    return folder


def folder_stats(folder: Path) -> dict:
    files = [p for p in folder.iterdir() if p.suffix in {".txt", ".md"}]
    return {"documents": len(files), "megabytes": sum(p.stat().st_size for p in files) / 1e6}


def full_builds(name: str, sources: Path, work: Path, env: dict[str, str], repeats: int) -> dict:
    """Fresh outputs (no cache, no earlier release) for every run."""
    runs = []
    for k in range(repeats):
        outputs = work / f"out-{name}"
        shutil.rmtree(outputs, ignore_errors=True)
        runs.append(cli_build(sources, outputs, env))
        print(f"  full build {name} #{k + 1}: {runs[-1]['wall_s']:.1f} s", flush=True)
    return _summary(runs) | folder_stats(sources)


def incremental_builds(
    name: str, sources: Path, work: Path, env: dict[str, str], repeats: int, n: int
) -> dict:
    """Builds on top of the last full build of this corpus (warm cache, release published)."""
    outputs = work / f"out-{name}"
    pool = corpus.organisation_pool()
    changed, added = [], []
    files = sorted(p for p in sources.iterdir() if p.suffix in {".txt", ".md"})
    for k in range(repeats):
        target = files[(k * 7919) % len(files)]
        text = target.read_text(encoding="utf-8")
        target.write_text(
            text
            + f"\nOn {k + 1} March 2025, JETRO and METI signed a memorandum of understanding"
            + f" on hydrogen research (edit {k} of the benchmark).\n",
            encoding="utf-8",
        )
        changed.append(cli_build(sources, outputs, env))
        print(f"  one changed ({name}) #{k + 1}: {changed[-1]['wall_s']:.1f} s", flush=True)
        new = sources / f"doc_added_{k:03d}.txt"
        new.write_text(corpus.document(n + 1000 + k, pool=pool), encoding="utf-8")
        added.append(cli_build(sources, outputs, env))
        print(f"  one added ({name}) #{k + 1}: {added[-1]['wall_s']:.1f} s", flush=True)
    unchanged = [cli_build(sources, outputs, env) for _ in range(max(1, repeats // 2))]
    return {
        "one_changed": _summary(changed),
        "one_added": _summary(added),
        "unchanged": _summary(unchanged),
        "release": _latest_release(outputs),
    }


def _latest_release(outputs: Path) -> str:
    releases = outputs / "releases"
    return str(releases / (releases / "LATEST").read_text(encoding="utf-8").strip())


def _summary(runs: list[dict]) -> dict:
    return {
        "wall_s": median([r["wall_s"] for r in runs]),
        "peak_rss_tree_bytes": median([r["peak_rss_tree_bytes"] for r in runs]),
        "peak_rss_main_bytes": median([r["peak_rss_main_bytes"] for r in runs]),
        "peak_rss_worker_bytes": median([r["peak_rss_worker_bytes"] for r in runs]),
        "runs_wall_s": [round(r["wall_s"], 3) for r in runs],
        "last_stdout": runs[-1]["stdout"].strip() if runs else "",
    }


# --- the README's queries ---------------------------------------------------------------------

_SQL_BLOCK = re.compile(r"```sql\n(.*?)```", re.S)
_PINNED = re.compile(r"outputs/releases/v\d+\.\d+\.\d+")


def readme_queries() -> list[str]:
    """The SQL examples of the README, in order."""
    queries: list[str] = []
    for block in _SQL_BLOCK.findall((REPO / "README.md").read_text(encoding="utf-8")):
        if block.strip() not in queries:
            queries.append(block.strip())
    return queries


def query_times(release: Path, repeats: int) -> list[dict]:
    """Each README query against the release: the time to run it and hold the whole result
    (as an Arrow table, as a client reading it gets it), and, for reference, the time to turn
    every row into Python tuples, which is mostly Python's cost on large results."""
    import duckdb

    results = []
    for sql in readme_queries():
        local = _PINNED.sub(str(release).replace("\\", "/"), sql)
        con = (
            duckdb.connect()
            if "read_parquet" in local
            else duckdb.connect(str(release / "eu_japan.duckdb"), read_only=True)
        )
        try:
            times, rows = [], 0
            for _ in range(repeats + 1):
                start = time.perf_counter()
                rows = con.sql(local).to_arrow_table().num_rows
                times.append(time.perf_counter() - start)
            tuples = []
            for _ in range(max(1, repeats // 2)):
                start = time.perf_counter()
                con.sql(local).fetchall()
                tuples.append(time.perf_counter() - start)
        finally:
            con.close()
        results.append(
            {
                "query": " ".join(sql.split())[:120],
                "first_ms": times[0] * 1000,
                "median_ms": median(times[1:]) * 1000,
                "max_ms": max(times) * 1000,
                "python_tuples_ms": median(tuples) * 1000,
                "rows": rows,
            }
        )
    return results


# --- report -----------------------------------------------------------------------------------


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = _git("rev-parse", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--untracked-files=no"))
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / GiB, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": os.getloadavg(),
    }


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def targets(results: dict) -> list[dict]:
    """The targets of issue 5, checked against this run's figures."""
    checks = []
    imp = results["import_s"]
    real = results["builds"].get("sources")
    if real:
        checks.append(
            _check("real sources/ build <= 2 x stack import", real["wall_s"], 2 * imp, "s")
        )
    for key, where in (("throughput", ""), ("throughput_sources", " on the real sources/")):
        tp = results.get(key)
        if tp and "spacy_tokenizer" in tp:
            checks.append(
                _check(
                    f"extraction >= spaCy tokenizer{where} (MB/s per core)",
                    tp["extraction"]["mb_per_s"],
                    tp["spacy_tokenizer"]["mb_per_s"],
                    "MB/s",
                    higher=True,
                )
            )
    sizes = sorted(int(k[1:]) for k in results["builds"] if k.startswith("n"))
    if 10000 in sizes:
        big = results["builds"]["n10000"]
        checks.append(_check("10,000 documents: full build < 60 s", big["wall_s"], 60.0, "s"))
        checks.append(
            _check(
                "10,000 documents: peak RSS < 2 GiB", big["peak_rss_tree_bytes"] / GiB, 2.0, "GiB"
            )
        )
    inc = results.get("incremental")
    if inc and inc["n"] >= 1000:  # on a few documents the fixed cost of a run is all there is
        full = results["builds"][f"n{inc['n']}"]["wall_s"]
        one = inc["one_changed"]["wall_s"]
        checks.append(
            _check(f"one changed of {inc['n']:,}: < 10% of full build", one, 0.1 * full, "s")
        )
        checks.append(_check(f"one changed of {inc['n']:,}: < 5 s", one, 5.0, "s"))
    if len(sizes) >= 2:
        small = results["builds"][f"n{sizes[0]}"]["peak_rss_worker_bytes"]
        large = results["builds"][f"n{sizes[-1]}"]["peak_rss_worker_bytes"]
        if small and large:
            checks.append(
                _check(
                    f"extraction worker memory flat: N={sizes[-1]:,} vs N={sizes[0]:,}",
                    large / 2**20,
                    small / 2**20 * 1.25 + 16,
                    "MiB",
                )
            )
    for q in results.get("queries", []):
        checks.append(_check(f"query: {q['query'][:60]}", q["median_ms"], 100.0, "ms"))
    return checks


def _check(name: str, value: float, limit: float, unit: str, higher: bool = False) -> dict:
    ok = value >= limit if higher else value < limit or (not higher and value == limit)
    return {
        "target": name,
        "value": round(value, 3),
        "limit": round(limit, 3),
        "unit": unit,
        "met": ok,
    }


def table(results: dict) -> str:
    mib = 2**20
    m = results["machine"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}, "
        f"{m['platform']}; {m['date']}; commit {m['commit']}; load average at start "
        f"{', '.join(f'{x:.2f}' for x in m['load_average_at_start'])}"
        + (
            f", at end {', '.join(f'{x:.2f}' for x in m['load_average_at_end'])}"
            if "load_average_at_end" in m
            else ""
        )
        + f". Median of {results['repeats']} run(s) per figure.",
        "",
        "| figure | median | runs |",
        "| --- | --- | --- |",
    ]
    lines.append(
        f"| import of the stack | {results['import_s']:.2f} s | {_runs(results['import_runs_s'])} |"
    )
    for corpus_key, where in (("throughput", ""), ("throughput_sources", "real sources/, ")):
        tp = results.get(corpus_key)
        if not tp:
            continue
        for key, label in (
            ("extraction", "extraction"),
            ("spacy_tokenizer", "spaCy blank-English tokenizer"),
            ("regex_scan", "one compiled regex scan"),
        ):
            if key not in tp:
                continue
            lines.append(
                f"| {label} ({where}{tp['documents']:,} docs, {tp['megabytes']:.2f} MB) | "
                f"{tp[key]['mb_per_s']:.2f} MB/s per core | "
                f"{_runs([tp['megabytes'] / t for t in tp[key]['cpu_s']])} |"
            )
    for name, b in results["builds"].items():
        label = "real sources/" if name == "sources" else f"N = {int(name[1:]):,}"
        lines.append(
            f"| full build, {label} ({b['documents']:,} docs, {b['megabytes']:.1f} MB) | "
            f"{b['wall_s']:.2f} s, peak RSS {b['peak_rss_tree_bytes'] / mib:,.0f} MiB "
            f"(main {b['peak_rss_main_bytes'] / mib:,.0f}, largest other process "
            f"{b['peak_rss_worker_bytes'] / mib:,.0f}) | {_runs(b['runs_wall_s'])} |"
        )
    inc = results.get("incremental")
    if inc:
        for key, label in (
            ("one_changed", "one document changed"),
            ("one_added", "one document added"),
            ("unchanged", "nothing changed"),
        ):
            b = inc[key]
            lines.append(
                f"| incremental, N = {inc['n']:,}, {label} | {b['wall_s']:.2f} s, peak RSS "
                f"{b['peak_rss_tree_bytes'] / mib:,.0f} MiB | {_runs(b['runs_wall_s'])} |"
            )
    for q in results.get("queries", []):
        lines.append(
            f"| query `{q['query'][:70]}…` ({q['rows']:,} rows) | {q['median_ms']:.1f} ms "
            f"(first {q['first_ms']:.1f} ms; as Python tuples {q['python_tuples_ms']:.1f} ms) | "
            f"max {q['max_ms']:.1f} ms |"
        )
    lines += ["", "| target | value | limit | met |", "| --- | --- | --- | --- |"]
    for c in results["targets"]:
        lines.append(
            f"| {c['target']} | {c['value']:,} {c['unit']} | {c['limit']:,} {c['unit']} | "
            f"{'yes' if c['met'] else '**no**'} |"
        )
    return "\n".join(lines)


def _runs(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", help="corpus sizes, comma-separated (default 1000,10000; 200 with --quick)"
    )
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--quick", action="store_true", help="one run per figure, small corpus")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for JSON and work files")
    parser.add_argument("--no-real", action="store_true", help="skip the build of sources/")
    args = parser.parse_args(argv)
    spec = args.sizes or ("200" if args.quick else "1000,10000")
    sizes = sorted({int(s.replace("_", "")) for s in spec.split(",") if s.strip()})
    repeats = 1 if args.quick else max(1, args.repeats)

    out: Path = args.out
    work = out / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    home = work / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "pipeline" / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    env = build_env(home)

    results: dict = {"machine": machine(), "sizes": sizes, "repeats": repeats, "builds": {}}
    print(f"machine: {results['machine']}", flush=True)
    runs = import_times(max(3, repeats), env)
    results["import_runs_s"] = runs
    results["import_s"] = median(runs)
    print(f"  import of the stack: {results['import_s']:.2f} s", flush=True)

    folders = {n: corpus_folder(work, n) for n in sizes}
    if sizes:
        results["throughput"] = throughput(folders[sizes[0]], repeats, env)
        tp = results["throughput"]
        spacy = (
            f"{tp['spacy_tokenizer']['mb_per_s']:.2f} MB/s"
            if "spacy_tokenizer" in tp
            else "not installed (`make bench` installs the bench extra)"
        )
        print(
            f"  extraction {tp['extraction']['mb_per_s']:.2f} MB/s, spaCy {spacy}, "
            f"regex {tp['regex_scan']['mb_per_s']:.2f} MB/s",
            flush=True,
        )
    if not args.no_real:
        # The real texts: the figure. They are small (~0.1 MB), so one pass is noisy:
        # at least five passes of each method, taking turns.
        results["throughput_sources"] = throughput(REPO / "sources", max(5, repeats), env)
        tp = results["throughput_sources"]
        if "spacy_tokenizer" in tp:
            ratio = tp["extraction"]["mb_per_s"] / tp["spacy_tokenizer"]["mb_per_s"]
            print(
                f"  real sources/: extraction {tp['extraction']['mb_per_s']:.2f} MB/s, spaCy "
                f"{tp['spacy_tokenizer']['mb_per_s']:.2f} MB/s ({ratio:.2f} x)",
                flush=True,
            )
        results["builds"]["sources"] = full_builds("sources", REPO / "sources", work, env, repeats)
    for n in sizes:
        results["builds"][f"n{n}"] = full_builds(f"n{n}", folders[n], work, env, repeats)
    if sizes:
        n = sizes[-1]
        inc = incremental_builds(f"n{n}", folders[n], work, env, repeats, n)
        results["incremental"] = {"n": n, **inc}
        results["queries"] = query_times(Path(inc["release"]), max(5, repeats))
    results["targets"] = targets(results)
    results["machine"]["load_average_at_end"] = os.getloadavg()

    report = table(results)
    results["table_markdown"] = report
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    out.mkdir(parents=True, exist_ok=True)
    for path in (out / f"bench-{stamp}.json", out / "latest.json"):
        path.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    print()
    print(report)
    print(f"\nJSON: {out / 'latest.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
