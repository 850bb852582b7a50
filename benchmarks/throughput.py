"""One throughput pass over a folder of texts, in a fresh process so that no pass starts warm.

    python -m benchmarks.throughput {extraction,spacy,regex} FOLDER

Prints JSON: megabytes read and CPU seconds spent on the pass (imports and file reading
excluded). Every method starts cold: the spaCy tokenizer with an empty cache, the extractor
with empty memo caches, as a worker does when a build starts.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

METHODS = ("extraction", "spacy", "regex")


def texts_in(folder: Path) -> list[str]:
    return [
        p.read_text(encoding="utf-8")
        for p in sorted(folder.iterdir())
        if p.suffix in {".txt", ".md"} and p.is_file()
    ]


def measure(method: str, texts: list[str]) -> float:
    """CPU seconds of one pass of `method` over the texts."""
    if method == "extraction":
        from eujapan.extract import extract_document, prepare

        prepare()  # the reference list, read once per process like the tokenizer's rules
        start = time.process_time()
        for i, text in enumerate(texts):
            extract_document(f"d{i}", text)
    elif method == "spacy":
        import spacy

        tokenizer = spacy.blank("en").tokenizer
        start = time.process_time()
        for doc in tokenizer.pipe(texts, batch_size=256):
            len(doc)
    elif method == "regex":
        floor = re.compile(r"\w+")  # touches every character, yields every word
        start = time.process_time()
        for text in texts:
            for _ in floor.finditer(text):
                pass
    else:
        raise ValueError(f"unknown method {method!r}; one of {METHODS}")
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] not in METHODS:
        print(__doc__, file=sys.stderr)
        return 2
    texts = texts_in(Path(args[1]))
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    cpu = measure(args[0], texts)
    print(json.dumps({"method": args[0], "megabytes": megabytes, "cpu_s": cpu}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
