"""Thin assets over the plain-Python core: sources → extracted facts → validated tables → release."""

import dagster as dg
import pandas as pd

from eujapan import progress
from eujapan.cache import CacheWriteError, ExtractionCache
from eujapan.extract import EXTRACTOR_VERSION, DocumentFacts
from eujapan.extract import facts as extractor
from eujapan.parallel import ExtractionFailed, extract_many
from eujapan.publish import layout
from eujapan.publish.csv_files import write_csv_files
from eujapan.publish.descriptor import write_datapackage
from eujapan.publish.explorer import explorer_writer
from eujapan.publish.page import write_release_page
from eujapan.publish.procedure import publish_release
from eujapan.quality import measure as measure_quality
from eujapan.settings import SettingsError, check_folders
from eujapan.sources import SourceDocument, SourceError, load_catalogue, load_sources
from eujapan.tables import build_tables
from schemas.checks import ValidationFailed, check_all
from schemas.contract import describe
from schemas.tables import TABLES

from .checks import asset_check_results, asset_check_specs
from .metadata import column_schema, facts_preview, markdown_preview, release_metadata
from .resources import DatasetPaths, ExtractionExecutor

OWNERS = ["team:eujapan-data"]


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
        check_folders(settings)
        documents = load_sources(
            settings.sources_dir, settings.max_source_bytes, settings.max_build_bytes
        )
    except (SourceError, SettingsError) as exc:
        raise dg.Failure(description=str(exc)) from exc
    frame = pd.DataFrame([d.metadata() for d in documents])
    progress.note(f"read {len(documents)} text(s), {sum(d.bytes for d in documents):,} bytes")
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
    except (ExtractionFailed, CacheWriteError) as exc:
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


def _previous_counts(paths: DatasetPaths) -> dict[str, int]:
    """Rows per table in the latest release (none yet, or unreadable: no counts)."""
    try:
        latest = layout.latest_release(paths.settings().releases_dir)
    except layout.PublishError:
        return {}
    return layout.read_manifest(latest).get("counts", {}) if latest else {}


@dg.multi_asset(
    outs={
        table: dg.AssetOut(
            group_name="tables",
            kinds={"pandas"},
            owners=OWNERS,
            description=describe(table),
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
    check_specs=asset_check_specs(),
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
    progress.note("built tables: " + ", ".join(f"{t} {len(df):,}" for t, df in tables.items()))
    texts = {d.source_id: d.text for d in source_documents}
    for table, df in tables.items():
        yield dg.Output(
            df,
            output_name=table,
            metadata={"dagster/row_count": len(df), "preview": markdown_preview(df)},
        )
    yield from asset_check_results(check_all(tables, texts, _previous_counts(paths)))


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
    document_facts: list[DocumentFacts],
    **tables: pd.DataFrame,  # one input per model in schemas.tables (see `ins`)
) -> dg.MaterializeResult:
    settings = paths.settings()
    try:
        dataset = load_catalogue(settings.sources_dir).get("dataset", {})
    except SourceError as exc:  # changed since source_documents read it
        raise dg.Failure(description=str(exc)) from exc
    texts = {d.source_id: d.text for d in source_documents}
    quality = (
        measure_quality(settings.gold_dir, texts, {f.source_id: f for f in document_facts})
        if settings.gold_dir.is_dir()
        else None
    )
    try:
        result = publish_release(
            tables,
            texts,
            settings.releases_dir,
            dataset=dataset,
            extractor_version=extractor.EXTRACTOR_VERSION,
            # CSV first: the descriptor describes it; the page last: it lists every file.
            extra_writers=(
                write_csv_files,
                write_datapackage,
                explorer_writer(texts),
                write_release_page,
            ),
            quality=quality,
        )
    except (layout.PublishError, ValidationFailed, OSError) as exc:
        raise dg.Failure(description=str(exc)) from exc
    if result.status == "unchanged":
        context.log.info(f"no change against {result.version}: nothing new published")
    return dg.MaterializeResult(metadata=release_metadata(result, tables))
