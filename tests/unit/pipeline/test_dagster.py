"""The Dagster graph as operators meet it: definitions, incremental extraction, checks that hold a
release back, the sensor and schedule, and the command-line entry points Dagster documents."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest
import yaml

import eujapan.extract.facts as extractor
import pipeline.assets as assets_module
from eujapan.publish import layout
from eujapan.settings import REPO_ROOT, load_settings
from pipeline import cli
from pipeline.automation import (
    SCHEDULE_ENV,
    SENSOR_ENV,
    enabled_by_env,
    sources_folder_sensor,
    weekly_full_rebuild,
)
from pipeline.definitions import ASSETS, defs
from pipeline.resources import DatasetPaths, ExtractionExecutor
from schemas import contract
from schemas.tables import TABLES

CHANGED_FILE = "h01_vulcanus-in-japan-wikipedia.txt"
CHANGED_ID = "h01_vulcanus-in-japan-wikipedia"
BAD_ORG_TYPE = "not_an_org_type"


def _materialize(
    sources: Path,
    outputs: Path,
    selection: list[str] | None = None,
    use_cache: bool = True,
) -> dg.ExecuteInProcessResult:
    with_facts = selection is None or "document_facts" in selection
    return dg.materialize(
        ASSETS,
        selection=selection,
        instance=dg.DagsterInstance.get(),
        resources={
            "paths": DatasetPaths(sources_dir=str(sources), outputs_dir=str(outputs)),
            "extraction": ExtractionExecutor(),
        },
        run_config={"ops": {"document_facts": {"config": {"use_cache": use_cache}}}}
        if with_facts
        else None,
        raise_on_error=False,
    )


def _metadata(result: dg.ExecuteInProcessResult, asset: str) -> dict:
    events = [
        e for e in result.get_asset_materialization_events() if e.asset_key == dg.AssetKey(asset)
    ]
    assert len(events) == 1, f"{asset} materialised {len(events)} times"
    return {k: v.value for k, v in events[0].materialization.metadata.items()}


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# --- definitions --------------------------------------------------------------------------------


def test_graph_has_groups_kinds_owners_descriptions_and_column_schemas() -> None:
    specs = {spec.key.to_user_string(): spec for spec in defs.resolve_all_asset_specs()}
    assert set(specs) == {"source_documents", "document_facts", "dataset_release", *TABLES}
    groups = {name: spec.group_name for name, spec in specs.items()}
    assert groups["source_documents"] == "sources"
    assert groups["document_facts"] == "extraction"
    assert groups["dataset_release"] == "release"
    assert {groups[t] for t in TABLES} == {"tables"}
    for name, spec in specs.items():
        assert spec.description, name
        assert spec.kinds, name
        assert spec.owners, name
    assert {"parquet", "duckdb"} <= set(specs["dataset_release"].kinds)
    for table in TABLES:
        schema = specs[table].metadata["dagster/column_schema"]
        assert [c.name for c in schema.columns] == [c.name for c in contract.columns(table)]
        assert all(c.description for c in schema.columns), table


def test_every_table_feeding_the_release_has_blocking_contract_checks() -> None:
    fact_tables = next(a for a in ASSETS if a.node_def.name == "fact_tables")
    specs = {(s.asset_key.to_user_string(), s.name): s for s in fact_tables.check_specs}
    release_inputs = {k.to_user_string() for k in assets_module.dataset_release.dependency_keys}
    assert set(TABLES) <= release_inputs
    for table in TABLES:
        expected = {"schema", "unique_id"}
        if table in contract.grounded_tables():
            expected.add("quotes_grounded")
        if any(c.foreign_key for c in contract.columns(table)):
            expected.add("foreign_keys")
        blocking = {name for (t, name), s in specs.items() if t == table and s.blocking}
        assert blocking == expected, table
        assert not specs[(table, "row_count_vs_latest_release")].blocking
    for table, name in [
        ("milestones", "facts_with_organisation"),
        ("deliverables", "facts_with_organisation"),
        ("organisations", "organisations_in_one_source"),
    ]:
        assert not specs[(table, name)].blocking


def test_job_schedule_sensor_and_executor() -> None:
    job = defs.resolve_job_def("build_dataset")
    assert job.executor_def.name == dg.in_process_executor.name
    assert defs.resolve_schedule_def("weekly_full_rebuild").job_name == "build_dataset"
    assert defs.resolve_sensor_def("sources_folder_sensor").job_name == "build_dataset"
    assert weekly_full_rebuild.cron_schedule == "0 3 * * 1"
    # The from-scratch config must be valid for the job, or the schedule's runs would not start.
    tick = weekly_full_rebuild.evaluate_tick(dg.build_schedule_context())
    [request] = tick.run_requests
    dg.validate_run_config(job, request.run_config)
    assert request.run_config["ops"]["document_facts"]["config"] == {"use_cache": False}
    assert request.tags["trigger"] == "weekly_full_rebuild"


@pytest.mark.skipif(
    enabled_by_env(SCHEDULE_ENV) or enabled_by_env(SENSOR_ENV),
    reason="automation was switched on in this environment",
)
def test_schedule_and_sensor_are_off_by_default() -> None:
    assert weekly_full_rebuild.default_status == dg.DefaultScheduleStatus.STOPPED
    assert sources_folder_sensor.default_status == dg.DefaultSensorStatus.STOPPED


@pytest.mark.parametrize(
    ("value", "on"),
    [("1", True), ("true", True), (" Yes ", True), ("on", True), ("0", False), ("", False)],
)
def test_automation_switch_reads_the_environment(monkeypatch, value: str, on: bool) -> None:
    monkeypatch.setenv(SENSOR_ENV, value)
    assert enabled_by_env(SENSOR_ENV) is on


def test_automation_switch_unset_is_off(monkeypatch) -> None:
    monkeypatch.delenv(SCHEDULE_ENV, raising=False)
    assert enabled_by_env(SCHEDULE_ENV) is False


# --- sensor -------------------------------------------------------------------------------------


def _tick(sources: Path, cursor: str | None):
    context = dg.build_sensor_context(
        cursor=cursor, resources={"paths": DatasetPaths(sources_dir=str(sources))}
    )
    return sources_folder_sensor(context), context.cursor


def test_sensor_requests_a_build_for_added_changed_and_deleted_texts(sources_copy: Path) -> None:
    first, cursor = _tick(sources_copy, None)
    assert isinstance(first, dg.RunRequest)
    assert first.tags["trigger"] == "sources_folder_sensor"

    quiet, same_cursor = _tick(sources_copy, cursor)
    assert isinstance(quiet, dg.SkipReason)
    assert same_cursor == cursor

    (sources_copy / "new_text.txt").write_text("The EU and Japan met in 2024.\n", encoding="utf-8")
    added, cursor = _tick(sources_copy, cursor)
    assert isinstance(added, dg.RunRequest)
    assert added.tags["sources_changed"] == "1 added"

    _append(sources_copy / CHANGED_FILE, "\nOne more sentence.\n")
    changed, cursor = _tick(sources_copy, cursor)
    assert changed.tags["sources_changed"] == "1 changed"

    (sources_copy / "new_text.txt").unlink()
    deleted, cursor = _tick(sources_copy, cursor)
    assert deleted.tags["sources_changed"] == "1 deleted"

    # Each request has its own run key, so Dagster does not drop a later one as a duplicate.
    assert len({first.run_key, added.run_key, changed.run_key, deleted.run_key}) == 4


def test_sensor_ignores_files_that_are_not_texts(sources_copy: Path) -> None:
    _, cursor = _tick(sources_copy, None)
    (sources_copy / "notes.docx").write_bytes(b"not a text")
    result, _ = _tick(sources_copy, cursor)
    assert isinstance(result, dg.SkipReason)


# --- incremental extraction ---------------------------------------------------------------------


def test_only_changed_texts_are_extracted_and_a_new_extractor_version_extracts_all(
    sources_copy: Path, outputs: Path, monkeypatch
) -> None:
    subset = ["source_documents", "document_facts"]
    run = _materialize(sources_copy, outputs, subset)
    ids = sorted(d.source_id for d in run.output_for_node("source_documents"))
    assert CHANGED_ID in ids and len(ids) >= 2

    first = _metadata(run, "document_facts")
    assert sorted(first["extracted"]) == ids
    assert first["reused_count"] == 0
    assert first["dagster/row_count"] == len(ids)

    again = _metadata(_materialize(sources_copy, outputs, subset), "document_facts")
    assert again["extracted"] == []
    assert again["reused_count"] == len(ids)

    _append(sources_copy / CHANGED_FILE, "\nThe EU and Japan met in Tokyo on 3 March 2025.\n")
    one = _metadata(_materialize(sources_copy, outputs, subset), "document_facts")
    assert one["extracted"] == [CHANGED_ID]
    assert one["reused_count"] == len(ids) - 1
    assert "| extracted |" in one["preview"]

    monkeypatch.setattr(extractor, "EXTRACTOR_VERSION", "999.0.0")
    raised = _metadata(_materialize(sources_copy, outputs, subset), "document_facts")
    assert sorted(raised["extracted"]) == ids
    assert raised["extractor_version"] == "999.0.0"
    after_raise = _metadata(_materialize(sources_copy, outputs, subset), "document_facts")
    assert after_raise["extracted"] == []

    scratch = _metadata(
        _materialize(sources_copy, outputs, subset, use_cache=False), "document_facts"
    )
    assert sorted(scratch["extracted"]) == ids
    assert scratch["reused_count"] == 0


def test_cached_facts_equal_freshly_extracted_facts(sources_copy: Path, outputs: Path) -> None:
    subset = ["source_documents", "document_facts"]
    _materialize(sources_copy, outputs, subset)
    cached = _materialize(sources_copy, outputs, subset)
    fresh = _materialize(sources_copy, outputs, subset, use_cache=False)
    assert _metadata(cached, "document_facts")["extracted"] == []
    as_dicts = [
        sorted((f.to_dict() for f in r.output_for_node("document_facts")), key=str)
        for r in (cached, fresh)
    ]
    assert as_dicts[0] == as_dicts[1]


# --- a table that breaks its contract holds the release back ------------------------------------


def _break_organisations(monkeypatch) -> None:
    build = assets_module.build_tables

    def broken(documents, facts):
        tables = build(documents, facts)
        orgs = tables["organisations"].copy()
        orgs.loc[orgs.index[0], "org_type"] = BAD_ORG_TYPE
        tables["organisations"] = orgs
        return tables

    monkeypatch.setattr(assets_module, "build_tables", broken)


def _release_state(outputs: Path) -> tuple[list[str], str]:
    releases = outputs / "releases"
    return sorted(p.name for p in releases.iterdir()), (releases / layout.LATEST).read_text()


@pytest.mark.slow
def test_a_table_failing_its_schema_publishes_nothing_and_names_the_rows(
    sources_copy: Path, outputs: Path, monkeypatch, capsys
) -> None:
    good = _materialize(sources_copy, outputs)
    assert good.success
    release = _metadata(good, "dataset_release")
    assert release["status"] == "published"
    assert Path(release["path"]).is_dir()
    assert "| organisations |" in release["preview"]
    for table in TABLES:
        meta = _metadata(good, table)
        assert meta["dagster/row_count"] == len(
            pd.read_parquet(Path(release["path"]) / f"{table}.parquet")
        )
        assert meta["preview"].startswith("|")
    before = _release_state(outputs)

    _break_organisations(monkeypatch)
    _append(sources_copy / CHANGED_FILE, "\nThe EU and Japan met in Tokyo on 3 March 2025.\n")
    bad = _materialize(sources_copy, outputs)
    assert not bad.success
    assert _release_state(outputs) == before
    assert not [
        e for e in bad.get_asset_materialization_events() if e.asset_key.path == ["dataset_release"]
    ]
    failed = [e for e in bad.get_asset_check_evaluations() if not e.passed]
    errors = [
        (e.asset_key.to_user_string(), e.check_name)
        for e in failed
        if e.severity == dg.AssetCheckSeverity.ERROR
    ]
    assert errors == [("organisations", "schema")]

    # What the UI shows comes from the instance's event log, so read it back from there.
    stored = [
        r.dagster_event.asset_check_evaluation_data
        for r in dg.DagsterInstance.get().all_logs(
            bad.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
        )
    ]
    schema_check = next(
        c
        for c in stored
        if c.asset_key == dg.AssetKey("organisations") and c.check_name == "schema"
    )
    assert not schema_check.passed
    rows = schema_check.metadata["rows"].value
    assert rows[0]["column"] == "org_type"
    assert [r["org_type"] for r in rows[0]["rows"]] == [BAD_ORG_TYPE]
    assert rows[0]["rows"][0]["org_id"].startswith("org_")
    assert schema_check.metadata["failing_rows"].value == 1

    # A run of the release alone loads the tables the failed run stored; the publisher's own
    # validation still refuses them, so no automation condition is needed to hold it back.
    alone = _materialize(sources_copy, outputs, ["dataset_release"])
    assert not alone.success
    [failure] = [e.step_failure_data for e in alone.all_events if e.is_step_failure]
    assert BAD_ORG_TYPE in failure.user_failure_data.description
    assert _release_state(outputs) == before

    capsys.readouterr()
    code = cli.main(["build", "--sources", str(sources_copy), "--outputs", str(outputs)])
    err = capsys.readouterr().err
    assert code == 1
    assert _release_state(outputs) == before
    assert "organisations: schema" in err
    assert BAD_ORG_TYPE in err
    assert rows[0]["rows"][0]["org_id"] in err


# --- where Dagster's own tools expect things ----------------------------------------------------


def test_dagster_home_defaults_to_an_ignored_folder_in_the_project(monkeypatch) -> None:
    monkeypatch.delenv("DAGSTER_HOME")
    home = load_settings().dagster_home
    assert home == REPO_ROOT / ".dagster_home"
    assert home.is_absolute()
    if shutil.which("git") and (REPO_ROOT / ".git").exists():
        ignored = subprocess.run(
            ["git", "check-ignore", "-q", ".dagster_home/dagster.yaml"], cwd=REPO_ROOT
        )
        assert ignored.returncode == 0, ".dagster_home is not git-ignored"


def test_dagster_yaml_template_turns_telemetry_off() -> None:
    config = yaml.safe_load((REPO_ROOT / "pipeline/dagster_home/dagster.yaml").read_text())
    assert config["telemetry"]["enabled"] is False


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_makefile_points_dagster_home_into_the_project_and_ui_at_loopback(monkeypatch) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DAGSTER_HOME", "MAKEFLAGS"}}
    printed = subprocess.run(
        ["make", "-s", "--no-print-directory", "--eval=_home: ; @echo $$DAGSTER_HOME", "_home"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(printed.stdout.strip()) == REPO_ROOT / ".dagster_home"
    dry = subprocess.run(
        ["make", "-n", "--no-print-directory", "setup", "ui"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000" in dry
    assert "pipeline/dagster_home/dagster.yaml" in dry


@pytest.mark.slow
def test_dagster_asset_materialize_builds_a_release(
    sources_copy: Path, outputs: Path, tmp_path: Path
) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO_ROOT / "pipeline/dagster_home/dagster.yaml", home / "dagster.yaml")
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "EUJAPAN_SOURCES_DIR": str(sources_copy),
        "EUJAPAN_OUTPUTS_DIR": str(outputs),
    }
    dagster = Path(sys.executable).parent / "dagster"
    done = subprocess.run(
        [str(dagster), "asset", "materialize", "-m", "pipeline.definitions", "--select", "*"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert (outputs / "releases" / layout.LATEST).read_text().strip() == "v1.0.0"
    assert (outputs / "releases" / "v1.0.0" / layout.MANIFEST).is_file()
    assert any((home / "storage").iterdir()), "the run did not use the given DAGSTER_HOME"


# --- the command line records its runs, so the UI shows them ------------------------------------


@pytest.mark.slow
def test_cli_build_records_its_materialisations_in_dagster_home(
    tmp_path, monkeypatch, capsys
) -> None:
    """What `make build` then `make ui` shows: every asset materialised by that very run."""
    home = Path(os.environ["DAGSTER_HOME"])
    monkeypatch.setenv(cli.RECORD_ENV, "1")  # the default outside the test suite
    code = cli.main(["build", "--sources", str(REPO_ROOT / "sources"), "--outputs", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 0
    assert f"recorded in {home}" in out
    # Progress on stderr: texts read, extracted, tables built, files written.
    for words in ("read ", "extracting ", "built tables", "writing organisations.parquet"):
        assert words in err, (words, err)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        [run] = instance.get_runs()
        assert run.status == dg.DagsterRunStatus.SUCCESS
        for key in ["source_documents", "document_facts", *TABLES, "dataset_release"]:
            event = instance.get_latest_materialization_event(dg.AssetKey(key))
            assert event is not None and event.run_id == run.run_id, key

    # --no-record (benchmarks) leaves the instance as it was.
    args = ["--sources", str(REPO_ROOT / "sources"), "--outputs", str(tmp_path)]
    code = cli.main(["build", *args, "-q", "--no-record"])
    assert code == 0
    assert capsys.readouterr().err == ""
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert len(instance.get_runs()) == 1
