"""How far to trust each table: precision and recall on hand-annotated gold, per split.

The gold lives in tests/gold/ (one YAML file per text, each fact with its verbatim evidence);
tests/gold/split.yaml names the blind texts, chosen by a seeded shuffle before anyone looked at
the extractor's output on them. Splits:
- seeds: the texts the project started from (and tuned on);
- dev: real corpus texts whose errors were studied while developing the extractor;
- blind: real corpus texts never used for tuning; the honest figure for texts not seen.
Matching is strict and one-to-one (see evaluate.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

from .evaluate import TABLES, Score, evaluate_document, load_gold
from .extract.model import DocumentFacts
from .extract.titles import is_good_title

SPLIT_FILE = "split.yaml"
SPLITS = ("seeds", "dev", "blind")


def gold_splits(gold_dir: Path) -> dict[str, list[Path]]:
    """Gold files by split: the split file's dev and blind lists, every other file a seed."""
    split = yaml.safe_load((gold_dir / SPLIT_FILE).read_text(encoding="utf-8"))
    named = {sid: name for name in ("dev", "blind") for sid in split[name]}
    result: dict[str, list[Path]] = {name: [] for name in SPLITS}
    for path in sorted(gold_dir.glob("*.yaml")):
        if path.name == SPLIT_FILE:
            continue
        result[named.get(path.stem, "seeds")].append(path)
    return result


def score_split(
    paths: list[Path], texts: Mapping[str, str], facts: Mapping[str, DocumentFacts]
) -> dict[str, Score]:
    """Summed scores per table over the gold files whose text and facts are given."""
    totals = {t: Score() for t in TABLES}
    for path in paths:
        gold = load_gold(path)
        sid = gold["source_id"]
        if sid not in texts or sid not in facts:
            continue
        result = evaluate_document(texts[sid], gold, facts[sid])
        for table in TABLES:
            if table in result:  # programmes and relationships: only where annotated
                totals[table] += result[table][0]
    return totals


def title_check(facts: list[DocumentFacts]) -> dict[str, int | float]:
    """How many milestone titles break the title rules (cut off, fragment, > 16 words, markup)."""
    titles = [m.title for f in facts for m in f.milestones]
    bad = sum(not is_good_title(t) for t in titles)
    return {
        "titles": len(titles),
        "bad": bad,
        "share_bad": round(bad / len(titles), 3) if titles else 0.0,
    }


def wikidata_coverage(facts: list[DocumentFacts]) -> dict[str, int | float]:
    """How many of the distinct organisations these texts name carry a Wikidata id (one
    organisation per id, else per name key, as the release's organisations table joins them)."""
    has_id: dict[str, bool] = {}
    for document in facts:
        for org in document.organisations:
            has_id[org.wikidata_id or org.key] = bool(org.wikidata_id)
    with_id = sum(has_id.values())
    return {
        "organisations": len(has_id),
        "with_wikidata_id": with_id,
        "share": round(with_id / len(has_id), 3) if has_id else 0.0,
    }


def measure(
    gold_dir: Path, texts: Mapping[str, str], facts: Mapping[str, DocumentFacts]
) -> dict[str, dict]:
    """Figures per split and table, as published in manifest.json and on the release page."""
    figures: dict[str, dict] = {}
    for name, paths in gold_splits(gold_dir).items():
        used = [p for p in paths if p.stem in texts]
        scores = score_split(used, texts, facts)
        figures[name] = {
            "texts": len(used),
            "milestone_titles": title_check([facts[p.stem] for p in used if p.stem in facts]),
            "wikidata": wikidata_coverage([facts[p.stem] for p in used if p.stem in facts]),
            "tables": {
                table: {
                    "precision": round(s.precision, 3),
                    "recall": round(s.recall, 3),
                    "f1": round(s.f1, 3),
                    "gold_facts": s.tp + s.fn,
                    "extracted_facts": s.tp + s.fp,
                    "correct": s.tp,
                }
                for table, s in scores.items()
            },
        }
    return figures
