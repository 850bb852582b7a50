"""Precision and recall of the extraction against hand-annotated gold facts.

Gold files (tests/gold/*.yaml, tests/fixtures/unseen/*.yaml) list, per text, the organisations,
milestones and deliverables a careful reader finds, each fact with a verbatim `evidence` quote.
Matching is one-to-one (greedy, best first), so a duplicate row counts as a false positive, and
strict: a row counts only if its quote overlaps the evidence (the sentence or cell that states
the fact):
- organisations: some written form in common (name, acronym or alias, spelling-normalised), and
  one of its mentions inside the gold evidence when the gold gives one;
- milestones: same year (and month when both give one), and the quote overlaps the evidence;
- deliverables: same quantity, and the quote overlaps the evidence;
- programmes: some written form in common (name or alias, spelling-normalised, plural s and
  "&" ignored);
- relationships: both ends match (as organisations or programmes, either order) and the quote
  overlaps the evidence; the same relation scores higher.
A gold file that has no `programmes` or `relationships` key has not annotated them: that table
is not scored on it (an empty list is an annotation: nothing to find).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .extract.model import DocumentFacts
from .extract.names import norm_key


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: Score) -> Score:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self


TABLES = ("organisations", "milestones", "deliverables", "programmes", "relationships")
# Tables a gold file may leave unannotated (added after the first gold files were written).
OPTIONAL_TABLES = ("programmes", "relationships")


def load_gold(path: Path) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def _spans(text: str, evidence: str) -> list[tuple[int, int]]:
    """Every place the evidence stands: a page that repeats a paragraph states its facts twice."""
    spans = []
    start = text.find(evidence) if evidence else -1
    while start >= 0:
        spans.append((start, start + len(evidence)))
        start = text.find(evidence, start + 1)
    return spans


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _quotes_evidence(text: str, evidence: str, quote: tuple[int, int]) -> bool:
    return any(_overlaps(span, quote) for span in _spans(text, evidence))


def _match(gold: list, predicted: list, score_fn) -> tuple[Score, list, list]:
    """Greedy one-to-one matching on score_fn(gold, predicted) > 0, highest first."""
    pairs = sorted(
        ((score_fn(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(predicted)),
        key=lambda x: -x[0],
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    for s, gi, pi in pairs:
        if s <= 0 or gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
    missed = [g for i, g in enumerate(gold) if i not in used_g]
    extra = [p for i, p in enumerate(predicted) if i not in used_p]
    return Score(len(used_g), len(extra), len(missed)), missed, extra


def _org_forms(name: str, acronym: str | None, aliases: list[str]) -> set[str]:
    forms = {norm_key(f) for f in [name, *(aliases or [])] if f}
    if acronym:
        forms.add(acronym.lower())
    return {f for f in forms if f}


def evaluate_document(text: str, gold: dict, facts: DocumentFacts) -> dict[str, tuple]:
    """Per table: (Score, missed gold facts, extra predicted facts)."""
    results: dict[str, tuple] = {}

    spans_of: dict[str, list[tuple[int, int]]] = {}
    for mention in facts.mentions:
        spans_of.setdefault(mention.org_key, []).append((mention.char_start, mention.char_end))

    def org_score(g: dict, p) -> float:
        gf = _org_forms(g["name"], g.get("acronym"), g.get("aliases", []))
        pf = _org_forms(p.name, p.acronym, p.forms)
        if g.get("evidence") and not any(
            _quotes_evidence(text, g["evidence"], m) for m in spans_of.get(p.key, ())
        ):
            return 0
        return len(gf & pf) + (2 if norm_key(g["name"]) == norm_key(p.name) else 0)

    results["organisations"] = _match(
        gold.get("organisations") or [], facts.organisations, org_score
    )

    def milestone_score(g: dict, p) -> float:
        if int(g["year"]) != p.year:
            return 0
        if g.get("month") and p.month and int(g["month"]) != p.month:
            return 0
        if not _quotes_evidence(text, g["evidence"], (p.char_start, p.char_end)):
            return 0
        return 3 if g.get("kind") == p.kind else 2

    results["milestones"] = _match(gold.get("milestones") or [], facts.milestones, milestone_score)

    def deliverable_score(g: dict, p) -> float:
        if float(g["quantity"]) != p.quantity:
            return 0
        if not _quotes_evidence(text, g["evidence"], (p.char_start, p.char_end)):
            return 0
        return 3 if str(g.get("unit", "")).split()[-1:] == p.unit.split()[-1:] else 2

    results["deliverables"] = _match(
        gold.get("deliverables") or [], facts.deliverables, deliverable_score
    )
    results.update(_score_links(text, gold, facts))
    return results


def _loose_forms(names: list[str]) -> set[str]:
    return {norm_key(n).replace(" and ", " ").removesuffix("s") for n in names if n}


def _score_links(text: str, gold: dict, facts: DocumentFacts) -> dict[str, tuple]:
    """Programmes and relationships, scored only where the gold file annotates them."""
    results: dict[str, tuple] = {}
    prog_forms = {p.key: _loose_forms([p.name, *p.forms]) for p in facts.programmes}
    if "programmes" in gold:

        def programme_score(g: dict, p) -> float:
            common = _loose_forms([g["name"], *(g.get("aliases") or [])]) & prog_forms[p.key]
            return len(common)

        results["programmes"] = _match(
            gold.get("programmes") or [], facts.programmes, programme_score
        )
    if "relationships" in gold:
        org_forms = {
            o.key: _loose_forms([o.name, *o.forms, o.acronym or ""]) for o in facts.organisations
        }
        gold_forms: dict[str, set[str]] = {}
        for g in [*(gold.get("organisations") or []), *(gold.get("programmes") or [])]:
            gold_forms[g["name"]] = _loose_forms(
                [g["name"], *(g.get("aliases") or []), g.get("acronym") or ""]
            )

        def ends(name: str) -> set[str]:
            return gold_forms.get(name) or _loose_forms([name])

        def relationship_score(g: dict, p) -> float:
            if not _quotes_evidence(text, g["evidence"], (p.char_start, p.char_end)):
                return 0
            a = org_forms.get(p.org_key, set())
            b = org_forms.get(p.other_org_key or "", set()) or prog_forms.get(
                p.programme_key or "", set()
            )
            ga, gb = ends(g["a"]), ends(g["b"])
            if not ((a & ga and b & gb) or (a & gb and b & ga)):
                return 0
            return 3 if g.get("relation") == p.relation else 2

        results["relationships"] = _match(
            gold.get("relationships") or [], facts.relationships, relationship_score
        )
    return results


def format_scores(title: str, totals: dict[str, Score]) -> str:
    lines = [f"{title}", f"  {'table':<15}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}"]
    for table in TABLES:
        s = totals[table]
        lines.append(
            f"  {table:<15}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:5d}{s.fp:5d}{s.fn:5d}"
        )
    # Over the tables with something to score: an unannotated table would count as F1 = 1.
    scored = [t for t in TABLES if totals[t].tp + totals[t].fp + totals[t].fn] or list(TABLES)
    macro = sum(totals[t].f1 for t in scored) / len(scored)
    lines.append(f"  macro F1 {macro:.3f}")
    return "\n".join(lines)


def evaluate_paths(gold_dir: Path, sources_dir: Path | None = None) -> tuple[str, dict[str, Score]]:
    """Score every gold file in a folder; the text is `<stem>.txt` beside it or in sources_dir."""
    from .extract import extract_document
    from .settings import load_settings

    sources_dir = sources_dir or load_settings().sources_dir
    totals = {t: Score() for t in TABLES}
    lines = []
    for gold_path in sorted(Path(gold_dir).glob("*.yaml")):
        gold = load_gold(gold_path)
        text_path = gold_path.with_suffix(".txt")
        if not text_path.exists():
            text_path = sources_dir / f"{gold['source_id']}.txt"
        text = text_path.read_bytes().decode("utf-8-sig")
        facts = extract_document(gold["source_id"], text)
        result = evaluate_document(text, gold, facts)
        per_doc = {t: result[t][0] if t in result else Score() for t in TABLES}
        for t in TABLES:
            totals[t] += per_doc[t]  # a table the file does not annotate adds nothing
        lines.append(format_scores(gold["source_id"], per_doc))
    lines.append(format_scores(f"ALL ({gold_dir})", totals))
    return "\n".join(lines), totals
