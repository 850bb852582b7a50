"""Guard for performance work on the extractor: its output must not change, not by one byte.

`record` stores what the extractor returns for a fixed set of texts (the real sources, the test
fixtures, synthetic documents, and scrambled variants that reach odd corners: CRLF line
endings, cut-up Markdown, shuffled sentences); `check` extracts them again and reports every
document whose facts differ.

    python -m benchmarks.equivalence record   # before changing the extractor
    python -m benchmarks.equivalence check    # after: exit 1 on any difference
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
from pathlib import Path

from benchmarks import corpus
from eujapan.extract import extract_document

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / "benchmarks" / "out" / "extraction-reference.jsonl.gz"


def texts(synthetic: int = 300, scrambled: int = 400) -> list[tuple[str, str]]:
    """(name, text) pairs, always the same ones in the same order."""
    found: list[tuple[str, str]] = []
    for folder in (REPO / "sources", REPO / "tests" / "fixtures"):
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".txt", ".md"} and path.is_file():
                found.append((str(path.relative_to(REPO)), path.read_text(encoding="utf-8")))
    pool = corpus.organisation_pool()
    found += [(f"synthetic/{i}", corpus.document(i, pool=pool)) for i in range(synthetic)]
    base = [t for _n, t in found]
    rnd = random.Random(20261121)
    for k in range(scrambled):
        source = rnd.choice(base)
        kind = k % 4
        if kind == 0:
            text = source.replace("\n", "\r\n")
        elif kind == 1:  # lines of several texts shuffled together: tables next to prose
            lines = [line for t in rnd.sample(base, 3) for line in t.splitlines()]
            rnd.shuffle(lines)
            text = "\n".join(lines[: rnd.randint(5, 60)])
        elif kind == 2:  # cut at random points: open tables, half sentences, half dates
            cuts = sorted(rnd.sample(range(len(source)), min(6, len(source))))
            text = "".join(source[a : a + rnd.randint(20, 400)] for a in cuts)
        else:  # sentences of several texts joined into one paragraph
            words = " ".join(rnd.choice(base) for _ in range(2)).split(" ")
            start = rnd.randrange(max(1, len(words) - 200))
            text = " ".join(words[start : start + rnd.randint(30, 300)])
        found.append((f"scrambled/{k}", text))
    return found


def _facts(text: str) -> str:
    try:
        facts = extract_document("doc", text).to_dict()
    except Exception as exc:  # a crash is behaviour too: it must stay the same crash
        return f"error: {type(exc).__name__}: {exc}"
    return json.dumps(facts, ensure_ascii=False, sort_keys=True)


def record(path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for name, text in texts():
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            fh.write(json.dumps({"name": name, "sha256": digest, "facts": _facts(text)}) + "\n")
    print(f"recorded {path}")
    return 0


def check(path: Path) -> int:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        reference = [json.loads(line) for line in fh]
    current = texts()
    if len(current) != len(reference):
        print(f"the text set changed: {len(current)} texts, reference has {len(reference)}")
        return 1
    differ = []
    for (name, text), ref in zip(current, reference, strict=True):
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != ref["sha256"]:
            print(f"{name}: the text itself changed; record again from the old extractor")
            return 1
        if _facts(text) != ref["facts"]:
            differ.append(name)
    for name in differ[:20]:
        print(f"DIFFERENT: {name}")
    print(f"{len(current) - len(differ)} of {len(current)} documents give identical facts")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["record", "check"])
    parser.add_argument("--reference", type=Path, default=DEFAULT)
    args = parser.parse_args(argv)
    return record(args.reference) if args.action == "record" else check(args.reference)


if __name__ == "__main__":
    sys.exit(main())
