"""A deterministic synthetic corpus in the style of the texts in sources/.

Each document mixes what the real sources hold: prose naming organisations with acronyms
defined in parentheses, full dates in several spellings, counts with qualifiers; a dated
Markdown history table with several events per cell; bullet lists of quantities; key-figure
tables; news datelines. Document `i` depends only on (seed, i), so any N gives the same first
documents, and every document carries its own number, so no two are identical.

    python -m benchmarks.corpus OUT_DIR --n 1000
"""

from __future__ import annotations

import argparse
import hashlib
import random
from pathlib import Path

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
EU_PLACES = [
    ("Brussels", "Belgian"), ("Lyon", "French"), ("Munich", "German"), ("Milan", "Italian"),
    ("Barcelona", "Spanish"), ("Eindhoven", "Dutch"), ("Vienna", "Austrian"),
    ("Helsinki", "Finnish"), ("Copenhagen", "Danish"), ("Dublin", "Irish"),
    ("Lisbon", "Portuguese"), ("Warsaw", "Polish"), ("Prague", "Czech"),
    ("Budapest", "Hungarian"), ("Athens", "Greek"), ("Stockholm", "Swedish"),
    ("Leuven", "Flemish"), ("Hamburg", "German"), ("Rotterdam", "Dutch"), ("Ghent", "Belgian"),
]  # fmt: skip
JP_PLACES = [
    "Tokyo", "Osaka", "Kyoto", "Nagoya", "Yokohama", "Kobe", "Fukuoka", "Sapporo", "Sendai",
    "Hiroshima",
]  # fmt: skip
FIELDS = [
    "Hydrogen Research", "Industrial Cooperation", "Semiconductor Technology",
    "Marine Robotics", "Clean Energy", "Advanced Materials", "Digital Health",
    "Space Technology", "Food Safety", "Battery Innovation", "Smart Mobility",
    "Quantum Computing", "Circular Economy", "Precision Agriculture", "Offshore Wind",
    "Photonics", "Biotechnology", "Water Management", "Cyber Security", "Textile Design",
]  # fmt: skip
SURNAMES = [
    "Vandermeer", "Kessler", "Moreau", "Bianchi", "Lindqvist", "Novak", "Tanaka", "Sato",
    "Okamura", "Fischer", "Janssens", "Rossi", "Horvath", "Nakamura", "Dubois", "Kowalski",
]  # fmt: skip
LEGAL = ["GmbH", "K.K.", "S.A.", "B.V.", "Ltd", "AG", "Oy"]
REFERENCE = [
    ("Japan External Trade Organization", "JETRO"),
    ("Ministry of Economy, Trade and Industry", "METI"),
    ("European Commission", None),
    ("Japan Science and Technology Agency", "JST"),
    ("New Energy and Industrial Technology Development Organization", "NEDO"),
    ("Enterprise Europe Network", "EEN"),
    ("European Investment Bank", "EIB"),
    ("Japan International Cooperation Agency", "JICA"),
]
AUDIENCES = [
    "EU managers", "Japanese students", "European researchers", "young engineers",
    "SME owners", "cluster managers", "policy analysts", "start-up founders",
]  # fmt: skip
UNITS = [
    ("participants", "in {event}"), ("executives", "participating in business missions"),
    ("students", "trained in {city}"), ("companies", "supported in market entry"),
    ("researchers", "exchanged between the two regions"), ("workshops", "on {field}"),
    ("seminars", "on {field} policy"), ("delegates", "attending the {event}"),
    ("agreements", "signed between partners"), ("reports", "on {field}"),
    ("webinars", "about {field}"), ("recipients", "of the newsletter"),
    ("visitors", "at the {event}"), ("applications", "for the {programme} programme"),
    ("projects", "funded under the {programme} scheme"), ("partners", "in the network"),
]  # fmt: skip
QUALIFIERS = ["", "", "", "over ", "more than ", "about ", "ca ", "nearly ", "up to ", "some "]
EVENTS = ["Forum", "Summit", "Conference", "Business Week", "Expo", "Symposium", "Dialogue"]
PROGRAMMES = [
    "Bridge", "Horizon Link", "Sakura", "Kizuna", "Gateway", "Pioneer", "Compass", "Meridian",
    "Harbour", "Lantern", "Keystone", "Aurora",
]  # fmt: skip


def _initials(name: str) -> str:
    skip = {"of", "for", "and", "the", "in", "&"}
    words = name.replace("-", " ").replace(",", "").split()
    return "".join(w[0] for w in words if w.lower() not in skip and w[0].isalpha()).upper()


def organisation_pool(seed: int = 7, size: int = 2000) -> list[tuple[str, str | None]]:
    """(name, acronym) pairs the documents draw from, so organisations recur across documents."""
    rnd = random.Random(f"orgs-{seed}")
    shapes = [
        lambda p, d, f, s: f"{p} Institute of {f}",
        lambda p, d, f, s: f"{d}-Japanese Chamber of Commerce",
        lambda p, d, f, s: f"University of {p}",
        lambda p, d, f, s: f"{s} {f.split()[0]} {rnd.choice(LEGAL)}",
        lambda p, d, f, s: f"{p} Agency for {f}",
        lambda p, d, f, s: f"EU-Japan Centre for {f}",
        lambda p, d, f, s: f"Japan {f} Association",
        lambda p, d, f, s: f"{p} {f} Cluster",
        lambda p, d, f, s: f"{d} Foundation for {f}",
        lambda p, d, f, s: f"{rnd.choice(JP_PLACES)} {f} Laboratory",
    ]
    pool: dict[str, str | None] = {}
    while len(pool) < size:
        place, demonym = rnd.choice(EU_PLACES)
        field = rnd.choice(FIELDS)
        name = rnd.choice(shapes)(place, demonym, field, rnd.choice(SURNAMES))
        acronym = _initials(name)
        legal = name.split()[-1] in LEGAL
        pool.setdefault(name, acronym if 3 <= len(acronym) <= 7 and not legal else None)
    return list(pool.items())


def _capital(text: str) -> str:
    return text[0].upper() + text[1:]


class _Doc:
    """Writes one document from its own random stream."""

    def __init__(self, index: int, seed: int, pool: list[tuple[str, str | None]]):
        self.i = index
        self.r = random.Random(f"doc-{seed}-{index}")
        picks = self.r.sample(pool, self.r.randint(3, 6))
        picks += self.r.sample(REFERENCE, self.r.randint(1, 2))
        self.orgs = picks
        self.defined: set[str] = set()
        self.city = self.r.choice(JP_PLACES)
        self.eu_city, _ = self.r.choice(EU_PLACES)
        self.field = self.r.choice(FIELDS)
        self.programme = f"{self.r.choice(PROGRAMMES)} {self.r.choice(['Japan', 'Europe'])}"
        self.event = f"EU-Japan {self.field} {self.r.choice(EVENTS)}"
        self.base_year = self.r.randint(1985, 2012)

    # --- small pieces -------------------------------------------------------------------------

    def org(self, k: int | None = None, first: bool = False) -> str:
        """An organisation by name, defining its acronym the first time ("Long Name (ACR)")."""
        name, acronym = self.orgs[self.r.randrange(len(self.orgs)) if k is None else k]
        if acronym and name not in self.defined:
            self.defined.add(name)
            style = self.r.random()
            if style < 0.6 or first:
                return f"the {name} ({acronym})"
            if style < 0.8:
                return f"{acronym} (the {name})"
            return f"the **{name}** ({acronym})"
        if acronym and self.r.random() < 0.6:
            return acronym
        return f"the {name}"

    def subject(self, first: bool = False) -> str:
        """An organisation opening a sentence."""
        return _capital(self.org(first=first))

    def when(self, year: int | None = None) -> str:
        """A date with its preposition: "on 1 February 2019", "on July 3, 2023", "in May 2020"."""
        year = year or self.r.randint(self.base_year, 2025)
        month, day = self.r.randint(1, 12), self.r.randint(1, 28)
        style = self.r.randrange(6)
        if style == 0:
            return f"on {day} {MONTHS[month - 1]} {year}"
        if style == 1:
            return f"on {MONTHS[month - 1]} {day}, {year}"
        if style == 2:
            return f"on {day}.{month}.{year}"
        if style == 3:
            return f"on {year}-{month:02d}-{day:02d}"
        if style == 4:
            return f"in {MONTHS[month - 1]} {year}"
        return f"in {year}"

    def pair(self) -> tuple[str, str]:
        """Two different organisations."""
        a, b = self.r.sample(range(len(self.orgs)), 2)
        return self.org(a), self.org(b)

    def count(self) -> str:
        n = self.r.choice(
            [self.r.randint(2, 60), self.r.randint(60, 999), self.r.randint(1000, 40000)]
        )
        if n >= 1000:
            text = f"{n:,}" if self.r.random() < 0.8 else f"{n:,}".replace(",", " ")
        else:
            text = str(n)
        if self.r.random() < 0.1:
            return f"{text} to {int(n * 1.3) + 5:,}"
        return self.r.choice(QUALIFIERS) + text

    def quantity_phrase(self) -> str:
        unit, tail = self.r.choice(UNITS)
        tail = tail.format(
            event=self.event, city=self.city, field=self.field.lower(), programme=self.programme
        )
        return f"{self.count()} {unit} {tail}"

    # --- blocks -------------------------------------------------------------------------------

    def title(self) -> str:
        name, acronym = self.orgs[0]
        verb = self.r.choice(["signs agreement with", "opens office in", "launches", "hosts"])
        other = self.city if "office" in verb else self.programme if "launch" in verb else None
        other = other or (self.event if verb == "hosts" else self.orgs[1][0])
        return f"{acronym or name} {verb} {other} (bulletin {self.i})"

    def dateline(self) -> str:
        year = self.r.randint(2015, 2025)
        return f"{self.city}, {MONTHS[self.r.randint(0, 11)]} {self.r.randint(1, 28)}, {year} —"

    def sentence(self) -> str:
        r = self.r
        templates = [
            lambda: (
                f"{self.subject(first=True)} was established in {r.randint(1950, 2015)} to promote {self.field.lower()} between Europe and Japan."
            ),
            lambda: (
                lambda a, b: (
                    f"{_capital(self.when())}, {a} and {b} signed a memorandum of understanding on {self.field.lower()}."
                )
            )(*self.pair()),
            lambda: (
                f"{_capital(self.when())}, {self.org()} launched the “{self.programme}” programme for {r.choice(AUDIENCES)}."
            ),
            lambda: f"{self.subject()} opened a new office in {self.eu_city} {self.when()}.",
            lambda: (
                f"The {self.event} was held in {self.city} {self.when()}, bringing together {self.count()} {r.choice(['participants', 'delegates', 'experts', 'visitors'])}."
            ),
            lambda: f"Since its creation, {self.org()} has supported {self.quantity_phrase()}.",
            lambda: f"A follow-up meeting is expected to take place in {r.randint(2026, 2030)}.",
            lambda: (
                f"The agreement entered into force {self.when()}, covering trade worth about €{r.randint(2, 90)} billion."
            ),
            lambda: f"{r.choice(SURNAMES)} was appointed director of {self.org()} {self.when()}.",
            lambda: (
                lambda a, b: (
                    f"The partnership between {a} and {b} now counts {self.quantity_phrase()}."
                )
            )(*self.pair()),
            lambda: (
                f"Around {r.randint(10, 95)}% of the {r.choice(AUDIENCES)} came from {r.choice(EU_PLACES)[0]} and {r.choice(JP_PLACES)}."
            ),
            lambda: (
                f"The programme lasts {r.randint(2, 12)} months and combines language training with {r.choice(['internships', 'placements', 'site visits'])}."
            ),
            lambda: (
                f"Both sides agreed to hold the next {r.choice(EVENTS).lower()} in {r.choice(JP_PLACES)}, and {self.org()} will publish a joint report."
            ),
            lambda: (
                f"{self.subject()} celebrated its {r.randint(5, 60)}th anniversary in {r.randint(2000, 2025)}."
            ),
            lambda: (
                f"“We are proud to deepen our cooperation with {self.org()},” said {r.choice(SURNAMES)}, president of {self.org()}."
            ),
            lambda: (
                f"Partners include institutions such as the {r.choice(self.orgs)[0]}, the {r.choice(self.orgs)[0]} and {r.choice(REFERENCE)[0]}."
            ),
            lambda: (
                f"The next session will take place on {r.randint(1, 28)} {r.choice(MONTHS)} in {r.choice(JP_PLACES)}."
            ),
            lambda: (
                f"{self.subject()} is a {r.choice(['non-profit organisation', 'company', 'research institute', 'network'])} based in {r.choice(EU_PLACES)[0]} that works with {self.count()} {r.choice(['companies', 'universities', 'clusters', 'partners'])}."
            ),
            lambda: (
                f"Between {self.base_year} and {self.base_year + r.randint(3, 12)}, {self.org()} organised {self.quantity_phrase()}."
            ),
            lambda: (
                f"The cooperation between the EU and Japan on {self.field.lower()} was renewed {self.when()}."
            ),
            lambda: (
                f"During the {self.event}, {r.choice(SURNAMES)} presented {r.randint(2, 9)} case studies on {r.choice(FIELDS).lower()} and {r.choice(FIELDS).lower()}."
            ),
        ]
        return r.choice(templates)()

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.r.randint(3, 7)))

    def history_table(self) -> str:
        r = self.r
        years = sorted(r.sample(range(self.base_year, 2025), r.randint(4, 12)))
        header = r.choice(["| Year | Milestones |", "| Date | Event |", None])
        rows = []
        for year in years:
            items = []
            for _ in range(r.randint(1, 3)):
                items.append(
                    r.choice(
                        [
                            f"**Launch** of the **“{r.choice(PROGRAMMES)} {r.choice(FIELDS)}”** programme for {r.choice(AUDIENCES)}.",
                            f"**Opening of the {r.choice(EU_PLACES)[0]} Office** of {self.orgs[0][0]} ({r.choice(JP_PLACES)}, Japan).",
                            f"{self.orgs[0][1] or 'The Centre'} signs a Memorandum of Understanding with {r.choice(self.orgs)[0]}.",
                            f"Publication of **“{r.choice(FIELDS)} Outlook”**, a directory of {r.randint(20, 400)} organisations.",
                            f"Extension of the **“{self.programme}”** programme to {r.choice(AUDIENCES)}.",
                        ]
                    )
                )
            rows.append(f"| {year} | * " + " * ".join(items) + " |")
        if header:
            return "\n".join([header, "| --- | --- |", *rows])
        return "\n".join([rows[0], "| --- | --- |", *rows[1:]])

    def deliverables(self) -> str:
        lines = [f"* {self.quantity_phrase()}" for _ in range(self.r.randint(3, 8))]
        ends = [";", "", "."]
        return "\n".join(line + self.r.choice(ends) for line in lines)

    def key_figures(self) -> str:
        r = self.r
        labels = ["Member companies", "Partner universities", "Trained engineers", "Events held"]
        rows = [f"| {label} | {r.randint(12, 4000):,} |" for label in r.sample(labels, 3)]
        return "\n".join(["| Indicator | Value |", "| --- | --- |", *rows])

    def render(self) -> str:
        r = self.r
        parts = [self.title(), ""]
        if r.random() < 0.5:
            parts += [f"{self.dateline()} {self.paragraph()}", ""]
        else:
            parts += [f"# {self.orgs[0][0]}", "", self.paragraph(), ""]
        for _ in range(r.randint(2, 5)):
            parts += [self.paragraph(), ""]
        if r.random() < 0.6:
            parts += [
                r.choice(["## History", "## Timeline", "## Key dates"]),
                "",
                self.history_table(),
                "",
            ]
        if r.random() < 0.7:
            parts += [r.choice(["## Deliverables", "## Results", "## In numbers"]), ""]
            parts += ["Main deliverables so far include:", "", self.deliverables(), ""]
        if r.random() < 0.3:
            parts += ["## Key figures", "", self.key_figures(), ""]
        parts += [self.paragraph(), ""]
        return "\n".join(parts)


def document(index: int, seed: int = 7, pool: list[tuple[str, str | None]] | None = None) -> str:
    """The text of document `index`."""
    return _Doc(index, seed, pool or organisation_pool(seed)).render()


def generate(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """Write N documents (and a catalogue without entries) into `folder`; return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pool = organisation_pool(seed)
    paths, seen = [], set()
    for i in range(n):
        text = document(i, seed, pool)
        digest = hashlib.sha256(text.encode("utf-8")).digest()
        if digest in seen:
            raise AssertionError(f"document {i} repeats an earlier one")
        seen.add(digest)
        path = folder / f"doc_{i:06d}.{'md' if i % 3 == 0 else 'txt'}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    (folder / "catalogue.yaml").write_text(
        "dataset:\n  name: synthetic-benchmark-corpus\n  title: Synthetic benchmark corpus\n"
        "sources: []\n",
        encoding="utf-8",
    )
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    paths = generate(args.folder, args.n, args.seed)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} documents, {total / 1e6:.1f} MB in {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
