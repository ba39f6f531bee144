"""ESCO import from the official CSV format, the compact file, and the lookup of typed terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomy import Taxonomy
from taxonomy.build import add_labels, main, read_label_file
from taxonomy.esco_import import ATTRIBUTION, EscoImportError, import_esco
from taxonomy.lookup import OCCUPATION_KINDS
from taxonomy.model import read
from taxonomy.text import normalise

FIXTURES = Path(__file__).parent / "fixtures" / "esco"
S = "http://data.europa.eu/esco/skill/"
OCC = "http://data.europa.eu/esco/occupation/"


def test_normalise_keeps_nordic_letters_and_folds_the_rest() -> None:
    assert normalise("  Työturvallisuus-KORTTI, voimassa!") == "työturvallisuus kortti voimassa"
    assert normalise("Äiti") == "äiti"
    assert normalise("Å") != normalise("A")
    assert normalise("a\u0308") == "ä"  # decomposed input composes to the same letter


def test_import_joins_language_packs_on_the_concept_uri() -> None:
    data = import_esco(FIXTURES)
    assert data.version == "v1.1.1"
    assert data.attribution == ATTRIBUTION
    assert data.languages == ["en", "fi"]
    uris = {c.uri: c for c in data.concepts}
    assert uris[S + "s1"].preferred == "operate forklift"
    assert uris[S + "s2"].kind == "knowledge"
    assert uris[OCC + "o1"].code == "9333"
    labels = {(data.concepts[label.concept].uri, label.lang, label.text) for label in data.labels}
    assert (S + "s1", "fi", "trukilla ajaminen") in labels
    assert (OCC + "o1", "fi", "varastomies") in labels
    assert (S + "s1", "en", "drive forklift") in labels
    relations = {
        (data.concepts[r.occupation].uri, data.concepts[r.skill].uri, r.essential) for r in data.occupation_skills
    }
    assert relations == {(OCC + "o1", S + "s1", True), (OCC + "o1", S + "s2", False)}
    broader = {(data.concepts[a].uri, data.concepts[b].uri) for a, b in data.broader}
    assert (S + "s1", S + "g1") in broader
    assert (OCC + "o1", "http://data.europa.eu/esco/isco/C9333") in broader


def test_import_refuses_a_missing_language(tmp_path: Path) -> None:
    with pytest.raises(EscoImportError, match="sv"):
        import_esco(FIXTURES, languages=["en", "sv"])
    with pytest.raises(EscoImportError):
        import_esco(tmp_path)


def test_build_writes_a_file_the_service_loads(tmp_path: Path) -> None:
    extra = tmp_path / "sv.tsv"
    extra.write_text(f"# comment\nconceptUri\tlabel_sv\n{OCC}o1\tlagerarbetare\n", encoding="utf-8")
    out = tmp_path / "taxonomy.z"
    assert main([str(FIXTURES), "--labels", f"sv:esco:{extra}", "--out", str(out)]) == 0
    loaded = Taxonomy.load(out)
    assert loaded.version == "v1.1.1"
    match = loaded.match("Lagerarbetare", OCCUPATION_KINDS)
    assert match is not None
    assert match.uri == OCC + "o1"
    assert {label.source for label in read(out).labels} == {"esco"}


def test_labels_for_unknown_concepts_are_an_error(tmp_path: Path) -> None:
    extra = tmp_path / "fi.tsv"
    extra.write_text(f"{S}nope\tolematon\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not in the taxonomy"):
        add_labels(import_esco(FIXTURES), "fi", "kohtaanto", read_label_file(extra))


@pytest.fixture(scope="module")
def small() -> Taxonomy:
    return Taxonomy(import_esco(FIXTURES))


@pytest.mark.parametrize(
    ("text", "uri", "score"),
    [
        ("operate forklift", S + "s1", 100.0),
        ("Trukilla ajaminen", S + "s1", 100.0),
        ("custmer service", S + "s2", None),
        ("forklift", S + "s1", None),
    ],
)
def test_lookup_exact_fuzzy_and_partial(small: Taxonomy, text: str, uri: str, score: float | None) -> None:
    match = small.match(text)
    assert match is not None
    assert match.uri == uri
    if score is not None:
        assert match.score == score
    else:
        assert 80 <= match.score < 100


@pytest.mark.parametrize("text", ["", "2019", "   ", "quantum chromodynamics"])
def test_lookup_leaves_unknown_terms_unmatched(small: Taxonomy, text: str) -> None:
    assert small.match(text) is None


def test_lookup_respects_the_kind_asked_for(small: Taxonomy) -> None:
    assert small.match("warehouse worker") is None
    found = small.match("warehouse worker", OCCUPATION_KINDS)
    assert found is not None
    assert found.kind == "occupation"


def test_bundled_taxonomy_covers_english_and_the_finnish_seed(taxonomy: Taxonomy) -> None:
    assert taxonomy.version == "v1.1.1"
    assert len(taxonomy.concepts) > 16_000
    for text, label in [
        ("trukkikortti", "operate forklift"),
        ("forklift", "operate forklift"),
        ("customer service", "customer service"),
        ("hygieniapassi", "comply with food safety and hygiene"),
    ]:
        found = taxonomy.match(text)
        assert found is not None, text
        assert found.label == label
    nurse = taxonomy.match("lähihoitaja", OCCUPATION_KINDS)
    assert nurse is not None
    assert nurse.label == "nurse assistant"
