"""`eujapan` command line. `build` runs the Dagster asset graph in-process: the same code path as the UI."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from eujapan.settings import SettingsError, load_settings


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _step_cause(event) -> str:
    """Why a step failed, in one line: a Failure's description, else the innermost exception
    (Dagster wraps it in "Error occurred while executing op ..." which says nothing)."""
    data = event.step_failure_data
    if data.user_failure_data is not None and data.user_failure_data.description:
        return _one_line(data.user_failure_data.description)
    error = data.error
    if error is None:
        return "unknown error"
    while error.cause is not None:
        error = error.cause
    if error.cls_name == "DagsterExecutionInterruptedError":
        return "interrupted (Ctrl-C or a signal)"
    message = error.message.strip().splitlines()[0] if error.message.strip() else error.cls_name
    # "dagster._core.errors.X: msg" -> "X: msg": the module path is noise to a reader.
    head, sep, rest = message.partition(": ")
    if sep and "." in head and " " not in head:
        message = f"{head.rsplit('.', 1)[1]}: {rest}"
    return _one_line(message)


def _print_failure(result) -> None:
    """One line saying why the build failed (step and cause), then the failed checks' rows."""
    causes = [
        f"step {event.step_key} failed: {_step_cause(event)}"
        for event in result.all_events
        if event.is_step_failure
    ]
    print(
        "build failed: nothing was published; earlier releases are unchanged. "
        f"{'; '.join(causes) or 'A check failed.'}",
        file=sys.stderr,
    )
    for evaluation in result.get_asset_check_evaluations():
        severity = getattr(evaluation.severity, "value", evaluation.severity)
        if evaluation.passed or severity != "ERROR":  # warnings do not stop a build
            continue
        table = evaluation.asset_key.to_user_string()
        print(f"  check failed [{severity}] {table}: {evaluation.check_name}", file=sys.stderr)
        failures = evaluation.metadata.get("failures")
        if failures is not None:
            print(f"{failures.value}", file=sys.stderr)


def _instance(home: Path):
    """The Dagster instance. Creation is serialised: two builds initialising a fresh SQLite
    storage at once can stamp its schema version twice and break that DAGSTER_HOME for good."""
    import fcntl

    import dagster as dg

    with (home / ".eujapan-instance.lock").open("a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        return dg.DagsterInstance.get()


def _published_meanwhile(releases_dir: Path, before: str | None) -> str | None:
    """The release LATEST names now if it moved during this build to a release that verifies:
    the build published it, whatever happened after."""
    from eujapan.publish.layout import pointer_name
    from eujapan.verify import verify_files

    after = pointer_name(releases_dir)
    if after and after != before and verify_files(releases_dir / after).ok:
        return after
    return None


RECORD_ENV = "EUJAPAN_BUILD_RECORD"


def _record_by_default() -> bool:
    """Builds are recorded in the Dagster instance unless EUJAPAN_BUILD_RECORD=0 (the test suite
    sets it: it builds dozens of throw-away releases; one test checks the recording)."""
    return os.environ.get(RECORD_ENV, "1") != "0"


def cmd_build(args: argparse.Namespace) -> int:
    import dagster as dg

    from eujapan import progress
    from eujapan.publish.layout import pointer_name
    from eujapan.settings import check_folders

    from .definitions import ASSETS
    from .resources import DatasetPaths, ExtractionExecutor

    settings = load_settings(args.sources, args.outputs)
    check_folders(settings)
    before = pointer_name(settings.releases_dir)
    if not args.quiet:
        progress.enable(sys.stderr)
    if args.record:
        os.environ.setdefault("DAGSTER_HOME", str(settings.dagster_home))
        Path(os.environ["DAGSTER_HOME"]).mkdir(parents=True, exist_ok=True)
        instance = _instance(Path(os.environ["DAGSTER_HOME"]))
    else:
        # --no-record (benchmarks): the same graph without writing its event log to SQLite,
        # ~2.5 s less per build here, but the Dagster UI never sees the run.
        instance = dg.DagsterInstance.ephemeral()
    try:
        result = dg.materialize(
            ASSETS,
            instance=instance,
            resources={
                "paths": DatasetPaths(
                    sources_dir=str(settings.sources_dir), outputs_dir=str(settings.outputs_dir)
                ),
                "extraction": ExtractionExecutor(),
                # Values stay in this process. The default IO manager pickles every asset to one
                # shared path per asset in DAGSTER_HOME, so two builds at once read each other's.
                "io_manager": dg.mem_io_manager,
            },
            run_config={
                "ops": {"document_facts": {"config": {"use_cache": not args.no_cache}}},
                "loggers": {
                    # Without -v the summary below is the whole message: no Dagster stack traces.
                    "console": {"config": {"log_level": "INFO" if args.verbose else "CRITICAL"}}
                },
            },
            raise_on_error=False,
            tags={"trigger": "cli"},
        )
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM outside a step (Dagster turns both into it)
        result = None
    finally:
        progress.disable()
    if result is None or not result.success:
        # A signal (or failure) after LATEST moved does not unpublish the release: say so.
        published = _published_meanwhile(settings.releases_dir, before)
        if published is not None:
            print(
                f"published {published} at {settings.releases_dir / published} (the build was "
                "interrupted after the release was published)"
            )
            return 0
        if result is None:
            print(
                "build interrupted: nothing was published; earlier releases are unchanged.",
                file=sys.stderr,
            )
            return EXIT_INTERRUPTED
        _print_failure(result)
        return 1
    meta = {}
    for event in result.get_asset_materialization_events():
        if event.asset_key and event.asset_key.to_user_string() == "dataset_release":
            meta = {k: v.value for k, v in event.materialization.metadata.items()}
    if meta.get("status") == "unchanged":
        print(f"no change against {meta.get('version')}: nothing new published")
    else:
        print(f"published {meta.get('version')} ({meta.get('bump')}) at {meta.get('path')}")
    if args.record:
        print(f"run {result.run_id} recorded in {os.environ['DAGSTER_HOME']} (make ui shows it)")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from eujapan.evaluate import evaluate_paths

    report, _ = evaluate_paths(Path(args.gold), Path(args.sources) if args.sources else None)
    print(report)
    return 0


def _releases_dir(outputs: str | None) -> Path:
    return load_settings(outputs_dir=outputs).releases_dir


def cmd_verify(args: argparse.Namespace) -> int:
    from eujapan.publish.layout import PublishError, latest_release
    from eujapan.verify import verify_release

    if args.release:
        folder = Path(args.release)
    else:
        releases_dir = _releases_dir(args.outputs)
        try:
            folder = latest_release(releases_dir)
        except PublishError as exc:
            print(f"verify: {exc}", file=sys.stderr)
            return 1
        if folder is None:
            print(
                f"verify: no release under {releases_dir} (no {releases_dir}/LATEST)",
                file=sys.stderr,
            )
            return 1
    result = verify_release(folder, run_frictionless=not args.skip_frictionless)
    if not result.ok:
        print(
            f"verify FAILED for {folder}: {len(result.problems)} problem(s), the first: "
            f"{_one_line(result.problems[0])}",
            file=sys.stderr,
        )
        for problem in result.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    frictionless = "skipped" if args.skip_frictionless else "passed"
    print(
        f"verified {result.version} at {folder}: {result.files_checked} files match "
        f"SHA256SUMS, manifest.json and datapackage.json; Frictionless validation {frictionless}"
    )
    return 0


def cmd_releases(args: argparse.Namespace) -> int:
    from eujapan.publish.layout import release_infos
    from schemas.tables import TABLES

    releases_dir = _releases_dir(args.outputs)
    infos = release_infos(releases_dir)
    if not infos:
        print(f"no releases under {releases_dir}")
        return 0
    header = ["version", "created", "bump", *TABLES]
    rows = [
        [
            info.version + (" (LATEST)" if info.latest else ""),
            info.created or "?",
            _bump_name(info),
            *[str(info.counts.get(t, "?")) for t in TABLES],
        ]
        for info in reversed(infos)
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print(
            "  ".join(
                cell.ljust(w) if i < 3 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
    return 0


def _bump_name(info) -> str:
    """A release with no previous one is "initial" (releases before v1.2 recorded "major")."""
    from eujapan.publish.layout import read_manifest

    if read_manifest(info.path).get("previous") is None and info.bump:
        return "initial"
    return info.bump or "?"


def cmd_diff(args: argparse.Namespace) -> int:
    from eujapan.publish.diff import compare_releases, format_diff, release_labels
    from eujapan.publish.layout import resolve_release

    releases_dir = _releases_dir(args.outputs)
    try:
        old = resolve_release(releases_dir, args.version_a)
        new = resolve_release(releases_dir, args.version_b)
    except FileNotFoundError as exc:
        print(f"diff: {exc}", file=sys.stderr)
        return 1
    # Names and titles of the newer release, then of the older one for rows it removed.
    labels = release_labels(old)
    for table, names in release_labels(new).items():
        labels.setdefault(table, {}).update(names)
    print(format_diff(old.name, new.name, compare_releases(old, new), labels))
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    from eujapan.shell import run_sql

    return run_sql(_releases_dir(args.outputs), args.release, args.command)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="eujapan", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser(
        "build", help="build the dataset and publish a release if anything changed"
    )
    build.add_argument(
        "--sources", help="sources folder (default: sources/ or $EUJAPAN_SOURCES_DIR)"
    )
    build.add_argument(
        "--outputs", help="outputs folder (default: outputs/ or $EUJAPAN_OUTPUTS_DIR)"
    )
    build.add_argument("--no-cache", action="store_true", help="extract every text again")
    build.add_argument("-v", "--verbose", action="store_true", help="show Dagster's run log")
    build.add_argument(
        "--no-record",
        dest="record",
        action="store_false",
        default=_record_by_default(),
        help="do not record the run in $DAGSTER_HOME (the Dagster UI will not show it); "
        "for benchmarks, ~2.5 s faster",
    )
    build.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    build.set_defaults(func=cmd_build)
    evaluate = sub.add_parser("evaluate", help="precision and recall against gold annotations")
    evaluate.add_argument("--gold", default="tests/gold", help="folder of gold YAML files")
    evaluate.add_argument(
        "--sources", help="folder of the texts (default: next to each gold file, else sources/)"
    )
    evaluate.set_defaults(func=cmd_evaluate)
    outputs_help = "outputs folder holding releases/ (default: outputs/ or $EUJAPAN_OUTPUTS_DIR)"
    verify = sub.add_parser(
        "verify",
        help="recompute every checksum of a release and validate its descriptor (exit 1 if not)",
    )
    verify.add_argument(
        "release", nargs="?", help="release folder (default: the LATEST release under --outputs)"
    )
    verify.add_argument("--outputs", help=outputs_help)
    verify.add_argument(
        "--skip-frictionless",
        action="store_true",
        help="only compare checksums; do not run Frictionless over the data",
    )
    verify.set_defaults(func=cmd_verify)
    releases = sub.add_parser("releases", help="list published releases with dates and row counts")
    releases.add_argument("--outputs", help=outputs_help)
    releases.set_defaults(func=cmd_releases)
    diff = sub.add_parser("diff", help="what changed between two releases, fact by fact")
    diff.add_argument("version_a", help="older release: version (v1.0.0 or 1.0.0) or folder")
    diff.add_argument("version_b", help="newer release: version or folder")
    diff.add_argument("--outputs", help=outputs_help)
    diff.set_defaults(func=cmd_diff)
    sql = sub.add_parser(
        "sql", help="read-only SQL on a release's DuckDB file (default: the LATEST release)"
    )
    sql.add_argument("release", nargs="?", help="version (v1.2.0) or release folder")
    sql.add_argument("-c", "--command", help="run this SQL, print the result and exit")
    sql.add_argument("--outputs", help=outputs_help)
    sql.set_defaults(func=cmd_sql)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except SettingsError as exc:
        print(f"eujapan: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`eujapan releases | head`): stop quietly. Later writes (and
        # the flush at exit) go to /dev/null instead of raising again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        print(f"eujapan {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        # One line naming the cause, never a traceback (EUJAPAN_DEBUG=1 shows it).
        if os.environ.get("EUJAPAN_DEBUG"):
            raise
        print(f"eujapan {args.command}: {_describe(exc)}", file=sys.stderr)
        return 1


# Exit codes besides 0 (done, or published) and 1 (failed): 2 a setting cannot be used, 130
# interrupted before anything was published, 141 the output pipe was closed (as for SIGPIPE).
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141


def _describe(exc: BaseException) -> str:
    """An exception as one line that names the file when the exception knows it."""
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    text = _one_line(str(exc))
    if type(exc).__module__.startswith("eujapan") and text:
        return text  # our own errors already say which file or release
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


if __name__ == "__main__":
    sys.exit(main())
