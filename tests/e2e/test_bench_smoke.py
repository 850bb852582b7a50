"""The benchmark behind `make bench`: a deterministic, varied corpus, and a small run end to end."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from benchmarks import corpus, run
from eujapan.extract import extract_document


def test_corpus_is_deterministic_and_no_two_documents_are_identical(tmp_path: Path) -> None:
    first = corpus.generate(tmp_path / "a", 40)
    second = corpus.generate(tmp_path / "b", 40)
    texts = [p.read_bytes() for p in first]
    assert texts == [p.read_bytes() for p in second]
    assert len({hashlib.sha256(t).digest() for t in texts}) == len(texts)
    # Document i depends on i alone: a bigger corpus starts with the same documents.
    assert corpus.document(7) == first[7].read_text(encoding="utf-8")


def test_corpus_reads_like_the_sources() -> None:
    """Every document yields organisations, dated milestones and counted deliverables."""
    pool = corpus.organisation_pool()
    totals = {"organisations": 0, "milestones": 0, "deliverables": 0}
    for i in range(20):
        text = corpus.document(i, pool=pool)
        facts = extract_document(f"d{i}", text)
        assert facts.organisations, f"document {i} names no organisation"
        assert facts.milestones, f"document {i} has no dated event"
        for name in totals:
            totals[name] += len(getattr(facts, name))
        for fact in facts.milestones + facts.deliverables + facts.mentions:
            assert text[fact.char_start : fact.char_end] == fact.quote
    assert totals["deliverables"] >= 20
    assert "| --- | --- |" in "".join(corpus.document(i, pool=pool) for i in range(20))


def test_readme_queries_are_found() -> None:
    queries = run.readme_queries()
    assert queries, "no ```sql example in README.md"
    assert all(q.lstrip().upper().startswith(("SELECT", "WITH")) for q in queries)


@pytest.mark.slow
def test_benchmark_smoke_run(tmp_path: Path) -> None:
    """N = 50, one run per figure: every figure of `make bench` is produced and plausible."""
    assert run.main(["--quick", "--sizes", "50", "--no-real", "--out", str(tmp_path)]) == 0
    results = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))

    assert results["machine"]["cores"] >= 1 and results["machine"]["commit"]
    assert 0 < results["import_s"] < 120
    tp = results["throughput"]
    assert tp["documents"] == 50 and tp["megabytes"] > 0.05
    # spaCy is the `bench` extra, installed by `make bench` only; its figure is there with it.
    assert ("spacy_tokenizer" in tp) == run.HAVE_SPACY
    for name in ("extraction", "regex_scan", *(("spacy_tokenizer",) if run.HAVE_SPACY else ())):
        assert tp[name]["mb_per_s"] > 0
    # The floor of touching every byte is faster than anything that reads the text.
    assert tp["regex_scan"]["mb_per_s"] > tp["extraction"]["mb_per_s"]

    build = results["builds"]["n50"]
    assert build["documents"] == 50
    assert build["wall_s"] > 0 and build["peak_rss_tree_bytes"] > 50 * 2**20
    assert "published v1.0.0" in build["last_stdout"]

    inc = results["incremental"]
    assert inc["n"] == 50
    assert "published v1.1.0 (minor)" in inc["one_changed"]["last_stdout"]  # a new fact
    assert "published" in inc["one_added"]["last_stdout"]
    assert "no change" in inc["unchanged"]["last_stdout"]

    assert results["queries"] and all(q["rows"] > 0 for q in results["queries"])
    assert all(q["median_ms"] > 0 for q in results["queries"])
    if run.HAVE_SPACY:
        assert {t["target"] for t in results["targets"]} >= {
            "extraction >= spaCy tokenizer (MB/s per core)"
        }
    assert "| figure | median | runs |" in results["table_markdown"]
    assert not (tmp_path / "work").exists(), "the benchmark left its work folder behind"
