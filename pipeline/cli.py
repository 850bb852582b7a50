"""`eujapan` command line. `build` runs the Dagster asset graph in-process: the same code path as the UI."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from eujapan.settings import load_settings


def _print_failure(result) -> None:
    """Say which checks failed (table, check, rows) and why any step failed."""
    for evaluation in result.get_asset_check_evaluations():
        if evaluation.passed:
            continue
        table = evaluation.asset_key.to_user_string()
        severity = getattr(evaluation.severity, "value", evaluation.severity)
        print(f"check failed [{severity}] {table}: {evaluation.check_name}", file=sys.stderr)
        failures = evaluation.metadata.get("failures")
        if failures is not None:
            print(f"{failures.value}", file=sys.stderr)
    for event in result.all_events:
        if event.is_step_failure:
            error = event.step_failure_data.error
            message = error.message.strip() if error else "unknown error"
            cause = error.cause if error else None
            while cause is not None and "Failure" in message and cause.message:
                message, cause = cause.message.strip(), cause.cause
            print(f"step {event.step_key} failed: {message}", file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    import dagster as dg

    from .definitions import ASSETS
    from .resources import DatasetPaths

    settings = load_settings(args.sources, args.outputs)
    os.environ.setdefault("DAGSTER_HOME", str(settings.dagster_home))
    Path(os.environ["DAGSTER_HOME"]).mkdir(parents=True, exist_ok=True)
    instance = dg.DagsterInstance.get()
    result = dg.materialize(
        ASSETS,
        instance=instance,
        resources={
            "paths": DatasetPaths(
                sources_dir=str(settings.sources_dir), outputs_dir=str(settings.outputs_dir)
            )
        },
        run_config={
            "ops": {"document_facts": {"config": {"use_cache": not args.no_cache}}},
            "loggers": {
                "console": {"config": {"log_level": "INFO" if args.verbose else "WARNING"}}
            },
        },
        raise_on_error=False,
        tags={"trigger": "cli"},
    )
    if not result.success:
        print(
            "build failed: nothing was published; earlier releases are unchanged.", file=sys.stderr
        )
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
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from eujapan.evaluate import evaluate_paths

    report, _ = evaluate_paths(Path(args.gold), Path(args.sources) if args.sources else None)
    print(report)
    return 0


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
    build.set_defaults(func=cmd_build)
    evaluate = sub.add_parser("evaluate", help="precision and recall against gold annotations")
    evaluate.add_argument("--gold", default="tests/gold", help="folder of gold YAML files")
    evaluate.add_argument(
        "--sources", help="folder of the texts (default: next to each gold file, else sources/)"
    )
    evaluate.set_defaults(func=cmd_evaluate)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
