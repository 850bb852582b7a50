"""Thin assets over the plain-Python core: sources → extracted facts → validated tables → release."""

import json

import dagster as dg
import pandas as pd

from eujapan import release as rel
from eujapan.cache import ExtractionCache
from eujapan.descriptor import write_datapackage
from eujapan.extract import EXTRACTOR_VERSION, DocumentFacts
from eujapan.extract import facts as extractor
from eujapan.page import write_release_page
from eujapan.parallel import ExtractionFailed, extract_many
from eujapan.sources import SourceDocument, SourceError, load_catalogue, load_sources
from eujapan.tables import build_tables
from schemas import contract
from schemas.tables import TABLES

from .metadata import (
    column_schema,
    facts_preview,
    markdown_preview,
    release_preview,
    violation_metadata,
)
from .resources import DatasetPaths, ExtractionExecutor

OWNERS = ["team:eujapan-data"]
SHRINK_WARN_SHARE = 0.2  # a table losing more than this share of rows against LATEST is suspicious
UNATTRIBUTED_WARN_SHARE = 0.5  # more facts than this without an organisation is suspicious


class ExtractionConfig(dg.Config):
    """Run settings for extraction. The weekly schedule turns the cache off to rebuild from scratch."""

    use_cache: bool = True


@dg.asset(
    group_name="sources",
    kinds={"python", "text"},
    owners=OWNERS,
    description="Every text in the sources folder with its catalogue entry, checked for bad input.",
)
def source_documents(
    context: dg.AssetExecutionContext, paths: DatasetPaths
) -> list[SourceDocument]:
    settings = paths.settings()
    try:
        documents = load_sources(
            settings.sources_dir, settings.max_source_bytes, settings.max_build_bytes
        )
    except SourceError as exc:
        raise dg.Failure(description=str(exc)) from exc
    frame = pd.DataFrame([d.metadata() for d in documents])
    context.add_output_metadata(
        {
            "dagster/row_count": len(documents),
            "bytes": int(frame["bytes"].sum()) if len(frame) else 0,
            "sources_dir": str(settings.sources_dir),
            "preview": markdown_preview(
                frame[["source_id", "title", "licence", "bytes"]] if len(frame) else frame
            ),
        }
    )
    return documents


@dg.asset(
    group_name="extraction",
    kinds={"python"},
    owners=OWNERS,
    code_version=EXTRACTOR_VERSION,
    description=(
        "Organisations, mentions, milestones and deliverables per text. Texts whose bytes and "
        "extractor version are unchanged are read from the cache instead of extracted again."
    ),
)
def document_facts(
    context: dg.AssetExecutionContext,
    config: ExtractionConfig,
    paths: DatasetPaths,
    extraction: ExtractionExecutor,
    source_documents: list[SourceDocument],
) -> list[DocumentFacts]:
    settings = paths.settings()
    # Read at run time, not import time, so the cache key always matches the version that
    # extract_document stamps on its results (tests raise it by patching the module).
    version = extractor.EXTRACTOR_VERSION
    folder = settings.cache_dir / "extraction"
    cache = ExtractionCache(folder, version=version) if config.use_cache else None
    # A from-scratch run still refreshes the cache for the next incremental run.
    writer = ExtractionCache(folder, version=version)
    try:
        report = extract_many(
            source_documents, cache, extraction.executor(), version=version, write_cache=writer
        )
    except ExtractionFailed as exc:
        raise dg.Failure(description=str(exc)) from exc
    facts, extracted, reused = report.facts, report.extracted, report.reused
    context.log.info(
        f"extracted {len(extracted)} document(s) in {report.engine}, reused {len(reused)} from cache"
    )
    context.add_output_metadata(
        {
            "dagster/row_count": len(facts),
            "extractor_version": version,
            "engine": report.engine,
            "extracted": dg.MetadataValue.json(extracted),
            "extracted_count": len(extracted),
            "reused_count": len(reused),
            "preview": facts_preview(facts, extracted),
        }
    )
    return facts


def _check_specs() -> list[dg.AssetCheckSpec]:
    """Checks generated from the models: blocking contract checks, non-blocking warnings."""
    specs = []
    for table in TABLES:
        model_cols = contract.columns(table)
        blocking = ["schema", "unique_id"]
        if table in contract.GROUNDED_TABLES:
            blocking.append("quotes_grounded")
        if any(c.foreign_key for c in model_cols):
            blocking.append("foreign_keys")
        descriptions = {
            "schema": f"{table} passes its Pandera model (types, nulls, ranges, allowed values).",
            "unique_id": f"Primary key of {table} is unique.",
            "quotes_grounded": "Every quote equals the source text sliced at its offsets.",
            "foreign_keys": "Every referenced id exists in the referenced table.",
        }
        specs += [
            dg.AssetCheckSpec(name, asset=table, blocking=True, description=descriptions[name])
            for name in blocking
        ]
        specs.append(
            dg.AssetCheckSpec(
                "row_count_vs_latest_release",
                asset=table,
                description=f"Warns when {table} shrinks by more than {SHRINK_WARN_SHARE:.0%} against the latest release.",
            )
        )
    specs += [
        dg.AssetCheckSpec(
            "facts_with_organisation",
            asset=t,
            description=f"Warns when more than {UNATTRIBUTED_WARN_SHARE:.0%} of {t} have no organisation.",
        )
        for t in ("milestones", "deliverables")
    ]
    specs.append(
        dg.AssetCheckSpec(
            "organisations_in_one_source",
            asset="organisations",
            description="Warns about organisations that only one source names (weakest evidence).",
        )
    )
    return specs


def _previous_counts(paths: DatasetPaths) -> dict[str, int]:
    try:
        latest = rel.latest_release(paths.settings().releases_dir)
    except rel.PublishError:
        return {}
    if latest is None:
        return {}
    return json.loads((latest / rel.MANIFEST).read_text(encoding="utf-8")).get("counts", {})


@dg.multi_asset(
    outs={
        table: dg.AssetOut(
            group_name="tables",
            kinds={"pandas"},
            owners=OWNERS,
            description=contract.describe(table),
            metadata={"dagster/column_schema": column_schema(table)},
            dagster_type=pd.DataFrame,
        )
        for table in TABLES
    },
    internal_asset_deps={
        table: {dg.AssetKey("source_documents")}
        if table == "sources"
        else {dg.AssetKey("source_documents"), dg.AssetKey("document_facts")}
        for table in TABLES
    },
    check_specs=_check_specs(),
    name="fact_tables",
    description="Resolves organisations across sources and builds every published table.",
)
def fact_tables(
    context: dg.AssetExecutionContext,
    paths: DatasetPaths,
    source_documents: list[SourceDocument],
    document_facts: list[DocumentFacts],
):
    tables = build_tables(source_documents, document_facts)
    texts = {d.source_id: d.text for d in source_documents}
    previous = _previous_counts(paths)
    for table, df in tables.items():
        yield dg.Output(
            df,
            output_name=table,
            metadata={"dagster/row_count": len(df), "preview": markdown_preview(df)},
        )
    fk = contract.foreign_key_violations(tables)
    for table, df in tables.items():
        results = {
            "schema": contract.schema_violations(table, df),
            "unique_id": contract.unique_key_violations(table, df),
        }
        if table in contract.GROUNDED_TABLES:
            results["quotes_grounded"] = contract.grounding_violations(table, df, texts)
        if any(c.foreign_key for c in contract.columns(table)):
            results["foreign_keys"] = [v for v in fk if v.table == table]
        for name, violations in results.items():
            yield dg.AssetCheckResult(
                asset_key=table,
                check_name=name,
                passed=not violations,
                severity=dg.AssetCheckSeverity.ERROR,
                metadata=violation_metadata(violations),
            )
        before = previous.get(table)
        shrink = (before - len(df)) / before if before else 0.0
        yield dg.AssetCheckResult(
            asset_key=table,
            check_name="row_count_vs_latest_release",
            passed=shrink <= SHRINK_WARN_SHARE,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "rows": len(df),
                "rows_in_latest_release": before or 0,
                "shrink_share": round(shrink, 4),
            },
        )
    for table in ("milestones", "deliverables"):
        df = tables[table]
        missing = df[df["org_id"].isna()]
        share = len(missing) / len(df) if len(df) else 0.0
        yield dg.AssetCheckResult(
            asset_key=table,
            check_name="facts_with_organisation",
            passed=share <= UNATTRIBUTED_WARN_SHARE,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "share_without_organisation": round(share, 4),
                "rows": markdown_preview(missing[[df.columns[0], "source_id", "quote"]], 20),
            },
        )
    orgs = tables["organisations"]
    single = orgs[orgs["source_ids"].map(len) == 1]
    yield dg.AssetCheckResult(
        asset_key="organisations",
        check_name="organisations_in_one_source",
        passed=single.empty,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "count": len(single),
            "organisations": markdown_preview(single[["org_id", "name", "source_ids"]], 50),
        },
    )


@dg.asset(
    group_name="release",
    kinds={"parquet", "duckdb"},
    owners=OWNERS,
    ins={table: dg.AssetIn(table) for table in TABLES},
    description=(
        "A new immutable release folder (Parquet, DuckDB, descriptor, page, changelog) when the "
        "tables differ from the latest release; nothing when they do not."
    ),
)
def dataset_release(
    context: dg.AssetExecutionContext,
    paths: DatasetPaths,
    source_documents: list[SourceDocument],
    sources: pd.DataFrame,
    organisations: pd.DataFrame,
    organisation_mentions: pd.DataFrame,
    milestones: pd.DataFrame,
    deliverables: pd.DataFrame,
) -> dg.MaterializeResult:
    tables = {
        "sources": sources,
        "organisations": organisations,
        "organisation_mentions": organisation_mentions,
        "milestones": milestones,
        "deliverables": deliverables,
    }
    settings = paths.settings()
    dataset = load_catalogue(settings.sources_dir).get("dataset", {})
    try:
        result = rel.publish_release(
            tables,
            {d.source_id: d.text for d in source_documents},
            settings.releases_dir,
            dataset=dataset,
            extractor_version=extractor.EXTRACTOR_VERSION,
            extra_writers=(write_datapackage, write_release_page),
        )
    except (rel.PublishError, contract.ValidationFailed, OSError) as exc:
        raise dg.Failure(description=str(exc)) from exc
    if result.status == "unchanged":
        context.log.info(f"no change against {result.version}: nothing new published")
    return dg.MaterializeResult(
        metadata={
            "status": result.status,
            "version": result.version or "",
            "path": dg.MetadataValue.path(str(result.path) if result.path else ""),
            "previous": result.previous or "",
            "bump": (result.diff.bump if result.diff else None) or "none",
            "changes": dg.MetadataValue.json(result.diff.counts() if result.diff else {}),
            "preview": release_preview(
                {t: len(df) for t, df in tables.items()},
                result.diff.counts() if result.diff else {},
            ),
        }
    )
