"""ESCO import from the official CSV format, the compact file, and the lookup of typed terms."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from matcher.bench.taxonomy import coach_phrases
from taxonomy import Taxonomy
from taxonomy.build import add_labels, main, read_label_file
from taxonomy.esco_import import ATTRIBUTION, COMMON, EscoImportError, import_esco
from taxonomy.extract import extract
from taxonomy.local import LocalDataError, add_named_labels, set_aside
from taxonomy.lookup import EXACT, NEAR_TYPED, STEMMED, WHERE_ENDS
from taxonomy.model import ALL_KINDS, OCCUPATION_KINDS, SKILL_KINDS, Concept, ConceptKind, read
from taxonomy.text import LANGUAGES, action_noun, finnish_base, normalise, spoken, stem

FIXTURES = Path(__file__).parent / "fixtures" / "esco"
S = "http://data.europa.eu/esco/skill/"
OCC = "http://data.europa.eu/esco/occupation/"


def test_normalise_keeps_nordic_letters_and_folds_the_rest() -> None:
    assert normalise("  Työturvallisuus-KORTTI, voimassa!") == "työturvallisuus kortti voimassa"
    assert normalise("Äiti") == "äiti"
    assert normalise("Å") != normalise("A")
    assert normalise("a\u0308") == "ä"  # decomposed input composes to the same letter
    assert normalise("Lager\u00admedarbetare") == "lagermedarbetare"  # a soft hyphen pasted from a web page
    assert normalise(".NET ja ASP.NET") == "dotnet ja asp net"  # Microsoft's .NET is no net


@pytest.mark.parametrize(
    ("word", "noun"),
    [
        ("korjaaminen", "korjaus"),
        ("korjaamisesta", "korjaus"),
        ("siivoamista", "siivous"),
        ("kuljettaminen", "kuljetus"),
        ("asentamisessa", "asennus"),
        ("valmistaminen", "valmistus"),
        ("tarjoileminen", "tarjoilu"),
        ("työskenteleminen", "työskentely"),
        ("kerääminen", "keräys"),
        ("hoitaminen", "hoitaminen"),  # hoito: no rule makes it
        ("nainen", "nainen"),
    ],
)
def test_a_finnish_minen_word_is_its_action_noun(word: str, noun: str) -> None:
    assert action_noun(word) == noun


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("kehitysvammaisten", "kehitysvammainen"),
        ("henkilökohtaisena", "henkilökohtainen"),
        ("fyysisiä", "fyysinen"),
        ("korjaamisesta", "korjaus"),
        ("lapsista", "lapsista"),  # an elative plural, no -nen word
        ("asiakkaista", "asiakkaista"),
        ("kieltä", "kieli"),  # the stemmer cuts kieli's forms in three places
        ("äidinkielellä", "äidinkieli"),
        ("kielet", "kieli"),
        ("trukkikortillista", "trukkikortti"),  # who has a card: the card, in its strong grade
        ("hygieniapassillinen", "hygieniapassi"),
        ("kortillinen", "kortillinen"),  # no card's name before it
    ],
)
def test_a_finnish_word_is_stemmed_from_its_own_form(word: str, base: str) -> None:
    assert finnish_base(word) == base


@pytest.mark.parametrize(
    ("text", "lang", "label"),
    [
        ("Python-osaaminen", "fi", "Python (computer programming)"),
        ("Java-kunskaper", "sv", "Java (computer programming)"),
        ("kunskaper i SAP", "sv", "SAP R3"),
        ("Excel-kunskaper", "sv", "use spreadsheets software"),
    ],
)
def test_a_name_with_words_of_another_language_is_named_by_its_label(
    taxonomy: Taxonomy, text: str, lang: str, label: str
) -> None:
    found = taxonomy.match(text, SKILL_KINDS, lang)
    assert found is not None, text
    assert found.label == label


def test_a_stem_too_short_to_tell_words_apart_is_the_word_itself(taxonomy: Taxonomy) -> None:
    assert stem("omia", "fi") != stem("ommella", "fi")  # the stemmer gives both "om"
    found = taxonomy.matches("omia lapsia", SKILL_KINDS, "fi", limit=5)  # own children: no sewing
    assert "sew pieces of fabric" not in [match.label for match in found]
    assert taxonomy.match("osaan ommella", SKILL_KINDS, "fi").label == "sew pieces of fabric"  # type: ignore[union-attr]


def test_work_named_by_its_minen_word_is_the_work_its_action_noun_names(taxonomy: Taxonomy) -> None:
    """The labels say "puhelinten korjaus"; a coach writes "puhelimien korjaaminen"."""
    for text, label in [
        ("puhelimien korjaaminen", "repair mobile devices"),
        ("postin lajitteleminen", "handle mail"),
        ("siivoamisesta", "perform cleaning duties"),
        ("kehitysvammaisten kanssa", "disability support worker"),  # kehitysvammaiset
    ]:
        [found] = taxonomy.match_preferring([text], SKILL_KINDS, "fi")
        assert found is not None, text
        assert found.label == label


def test_programming_languages_keep_the_signs_that_tell_them_apart(taxonomy: Taxonomy) -> None:
    assert [normalise(x) for x in ("C++", "C#", "C#-ohjelmointi", "word+excel", "trukkikortti + EA1")] == [
        "c++",
        "c#",
        "c# ohjelmointi",
        "word excel",
        "trukkikortti ea1",
    ]
    assert [m.label if m else None for m in taxonomy.match_many(["C++", "C#"], ALL_KINDS)] == ["C++", "C#"]
    found = extract(taxonomy, "Edellytämme C++ ja C# osaamista.", lang="fi")
    assert [(m.label, m.text) for m in found] == [("C++", "C++"), ("C#", "C#")]


def test_import_joins_language_packs_on_the_concept_uri() -> None:
    data = import_esco(FIXTURES)
    assert data.version == "v1.1.1"
    assert data.attribution == ATTRIBUTION
    assert data.languages == ["en", "fi"]
    uris = {c.uri: c for c in data.concepts}
    assert uris[S + "s1"].preferred == "operate forklift"
    assert uris[S + "s2"].kind == "knowledge"
    assert uris[OCC + "o1"].code == "9333"
    assert uris[OCC + "o1"].preferred == "warehouse worker"  # the download has a space before it
    labels = {(data.concepts[label.concept].uri, label.lang, label.text) for label in data.labels}
    assert (S + "s1", "fi", "trukilla ajaminen") in labels
    assert (OCC + "o1", "fi", "varastomies") in labels
    assert (S + "s1", "en", "drive forklift") in labels
    assert (OCC + "o1", "en", "warehouse worker") in labels
    assert (OCC + "o1", "en", "storeman") in labels  # a hidden label: matched, as ESCO means it to be
    relations = {
        (data.concepts[r.occupation].uri, data.concepts[r.skill].uri, r.essential) for r in data.occupation_skills
    }
    assert relations == {(OCC + "o1", S + "s1", True), (OCC + "o1", S + "s2", False)}
    broader = {(data.concepts[a].uri, data.concepts[b].uri) for a, b in data.broader}
    assert (S + "s1", S + "g1") in broader
    assert (OCC + "o1", "http://data.europa.eu/esco/isco/C9333") in broader


def test_import_leaves_out_a_hidden_label_of_one_word_that_many_concepts_use(tmp_path: Path) -> None:
    header = "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels\n"
    rows = [f"KnowledgeSkillCompetence,{S}c{n},skill/competence,,care for thing {n},," for n in range(COMMON)]
    rows.append(f'KnowledgeSkillCompetence,{S}d,skill/competence,,attend to detail,,"care\nprecision\ncare for it"')
    (tmp_path / "skills_en.csv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    data = import_esco(tmp_path)
    hidden = {label.text for label in data.labels if data.concepts[label.concept].uri == S + "d"}
    assert hidden == {"attend to detail", "precision", "care for it"}


def test_import_refuses_a_missing_language(tmp_path: Path) -> None:
    with pytest.raises(EscoImportError, match="sv"):
        import_esco(FIXTURES, languages=["en", "sv"])
    with pytest.raises(EscoImportError):
        import_esco(tmp_path)


def test_build_writes_a_file_the_service_loads(tmp_path: Path) -> None:
    extra = tmp_path / "sv.tsv"
    extra.write_text(f"# comment\nconceptUri\tlabel_sv\n{OCC}o1\tlagerarbetare\n", encoding="utf-8")
    out = tmp_path / "taxonomy.z"
    assert main([str(FIXTURES), "--no-project-data", "--labels", f"sv:esco:{extra}", "--out", str(out)]) == 0
    loaded = Taxonomy.load(out)
    assert loaded.version == "v1.1.1"
    match = loaded.match("Lagerarbetare", OCCUPATION_KINDS)
    assert match is not None
    assert match.uri == OCC + "o1"
    assert {(label.lang, label.source) for label in read(out).labels} == {
        ("en", "esco"),
        ("fi", "esco"),
        ("sv", "esco"),
    }


def test_labels_for_unknown_concepts_are_an_error(tmp_path: Path) -> None:
    extra = tmp_path / "fi.tsv"
    extra.write_text(f"{S}nope\tolematon\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not in the taxonomy"):
        add_labels(import_esco(FIXTURES), "fi", "kohtaanto", read_label_file(extra))


def test_project_labels_for_a_group_no_lookup_returns_are_an_error(tmp_path: Path) -> None:
    labels = tmp_path / "fi.txt"
    labels.write_text("Freight handlers = rahdinkäsittelijät\n", encoding="utf-8")
    with pytest.raises(LocalDataError, match="'Freight handlers' is a group"):
        add_named_labels(import_esco(FIXTURES), "fi", labels)


def test_project_labels_name_the_concept_a_group_shares_its_name_with(tmp_path: Path) -> None:
    data = import_esco(FIXTURES)
    group = Concept(uri="http://data.europa.eu/esco/isced-f/0000", kind="skill_group", preferred="customer service")
    data = msgspec.structs.replace(data, concepts=[*data.concepts, group])
    labels = tmp_path / "fi.txt"
    labels.write_text("customer service = palveluhenkisyys\n", encoding="utf-8")
    named = add_named_labels(data, "fi", labels)
    added = [label for label in named.labels if label.text == "palveluhenkisyys"]
    assert [named.concepts[label.concept].uri for label in added] == [S + "s2"]


def test_project_labels_name_each_concept_on_one_line(tmp_path: Path) -> None:
    labels = tmp_path / "fi.txt"
    labels.write_text(
        "warehouse worker = varastotyöntekijä\n\n# more\nwarehouse worker = varastomies\n", encoding="utf-8"
    )
    with pytest.raises(LocalDataError, match=r"fi\.txt line 4: 'warehouse worker' has its labels on line 1"):
        add_named_labels(import_esco(FIXTURES), "fi", labels)
    labels.write_text("warehouse worker = varastomies; varastotyöntekijä; varastomies\n", encoding="utf-8")
    with pytest.raises(LocalDataError, match=r"fi\.txt line 1: 'varastomies' given twice"):
        add_named_labels(import_esco(FIXTURES), "fi", labels)


def test_esco_labels_the_project_sets_aside_are_left_out_and_must_exist(tmp_path: Path) -> None:
    data = import_esco(FIXTURES)
    listed = tmp_path / "set_aside.txt"
    listed.write_text("# too general\nwarehouse worker = Warehouse Operator\n", encoding="utf-8")
    kept, everything = Taxonomy(set_aside(data, listed)), Taxonomy(data)

    def best(taxonomy: Taxonomy, text: str) -> float:
        found = taxonomy.matches(text, OCCUPATION_KINDS, "en", limit=1)
        return found[0].score if found else 0.0

    assert best(kept, "warehouse operator") < EXACT  # still found among what it is alike to, not outright
    assert best(everything, "warehouse operator") == best(kept, "warehouse worker") == EXACT
    listed.write_text("warehouse worker = warehouse keeper\n", encoding="utf-8")
    with pytest.raises(
        LocalDataError, match=r"set_aside\.txt line 1: 'warehouse worker' has no label 'warehouse keeper'"
    ):
        set_aside(data, listed)


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
    [match, *_] = small.matches(text)
    assert match.uri == uri
    if score is not None:
        assert match.score == score
    else:
        assert 60 <= match.score < 96


@pytest.mark.parametrize("text", ["", "2019", "   ", "quantum chromodynamics"])
def test_lookup_leaves_unknown_terms_unmatched(small: Taxonomy, text: str) -> None:
    assert small.match(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "ajokortti puuttuu",
        "hygieniapassi vanhentunut",
        "ei ajokorttia",
        "ilman trukkikorttia",
        "körkort saknas",
        "no driving licence",
        "trukkikortti suunnitteilla",  # planned, not held
        "hygieniapassi hankinnassa",  # being got, not held
        "hygieniapassi (ei vielä)",
        "ajokortti (ei enää voimassa)",
        "lukio",
        "ammattikoulu",
        "kausityöntekijä",  # a seasonal worker: when, not what (no "kassatyöntekijä" mistyped)
        "keikka",  # a gig, not a letter from "kreikka" (Greek): a short word is as likely another word
    ],
)
def test_what_a_person_lacks_or_only_went_to_school_for_is_no_skill(taxonomy: Taxonomy, text: str) -> None:
    assert taxonomy.match_preferring([text], SKILL_KINDS) == [None]


def test_a_negation_in_parentheses_with_a_word_of_its_own_is_about_that_word(taxonomy: Taxonomy) -> None:
    found = taxonomy.match_preferring(["B-kortti (ei autoa)", "körkort B (ingen bil)"], SKILL_KINDS)
    assert [m.label if m else None for m in found] == ["driving licence B", "driving licence B"]


def test_a_title_listing_occupations_names_each_the_first_first(taxonomy: Taxonomy) -> None:
    found = taxonomy.matches("Butchers and Meat Cutters", OCCUPATION_KINDS, "en", limit=2)
    assert [m.label for m in found] == ["butcher", "meat cutter"]
    assert min(m.score for m in found) >= 80  # each named outright, not only alike
    joined = taxonomy.matches("Hitsaaja-levyseppä", OCCUPATION_KINDS, limit=2)
    assert [m.label for m in joined] == ["welder", "sheet metal worker"]
    listed = taxonomy.matches("Tarjoilija / baarimikko", OCCUPATION_KINDS, limit=2)
    assert [m.label for m in listed] == ["waiter/waitress", "bartender"]
    # A skill named with "and" stays one.
    [skill] = taxonomy.matches("loading and unloading", SKILL_KINDS, "en", limit=1)
    assert skill.label == "perform loading and unloading operations"
    # Two words apart are what and whose, not two occupations: no animator among animal caretakers.
    assert "animator" not in {m.label for m in taxonomy.matches("Animal Caretakers", OCCUPATION_KINDS, "en")}


@pytest.mark.parametrize(
    ("title", "first"),
    [
        ("Civil Engineering Technologists and Technicians", ["civil engineering technician"]),
        ("Sales Managers and Assistants", ["sales manager", "sales assistant"]),
        ("Forest and Conservation Workers", ["forest worker"]),
        ("Landscaping and Groundskeeping Workers", ["groundsman/groundswoman"]),
    ],
)
def test_items_of_an_english_title_share_its_words(taxonomy: Taxonomy, title: str, first: list[str]) -> None:
    """Heads share the words before the first ("civil engineering technicians"), words the last head."""
    found = taxonomy.matches(title, OCCUPATION_KINDS, "en", limit=len(first))
    assert [m.label for m in found] == first


def test_a_word_the_labels_use_is_no_slip_of_another(taxonomy: Taxonomy) -> None:
    # "salesman" is in ESCO's labels ("electricity salesman"): it is not read as "talesman", a
    # letter away (a label of the spokesperson), as an unknown word a letter away from a label is.
    found = taxonomy.matches("Salesman", OCCUPATION_KINDS, "en")
    assert "spokesperson" not in {m.label for m in found}
    assert taxonomy.match("sivooja", OCCUPATION_KINDS).label == "building cleaner"  # type: ignore[union-attr]


def test_a_head_word_names_nothing_its_modifier_chose(taxonomy: Taxonomy) -> None:
    # ESCO's "knowledge officer", "AV technician" and "till supervisor" read "knowledge", "AV" and
    # "till" as noise: the head alone is no label of theirs. A grade is no choice: "have good
    # timekeeping" still names keeping time.
    for word, narrow in (
        ("officer", "knowledge engineer"),
        ("technician", "video technician"),
        ("supervisor", "checkout supervisor"),
    ):
        assert narrow not in {m.label for m in taxonomy.matches(word, OCCUPATION_KINDS, "en")[:1]}
    assert taxonomy.match("knowledge officer", OCCUPATION_KINDS, "en").label == "knowledge engineer"  # type: ignore[union-attr]
    assert taxonomy.match("timekeeping", SKILL_KINDS, "en").label == "keep time accurately"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("python-ohjelmointi", "Python (computer programming)"),
        ("java-ohjelmointi", "Java (computer programming)"),
        ("python ohjelmointi", "Python (computer programming)"),
        ("ohjelmointi (PHP)", "PHP"),
    ],
)
def test_a_modifier_naming_a_kind_of_the_head_says_which_one(taxonomy: Taxonomy, text: str, label: str) -> None:
    # ESCO has Java under computer programming: the phrase names the kind, the head only the field
    found = taxonomy.matches(text, SKILL_KINDS, limit=2)
    assert [m.label for m in found] == [label, "computer programming"]
    assert taxonomy.match(text, SKILL_KINDS).label == label  # type: ignore[union-attr]


def test_what_a_title_leaves_out_names_nothing(taxonomy: Taxonomy) -> None:
    found = taxonomy.matches("Geoscientists, Except Hydrologists and Geographers", OCCUPATION_KINDS, "en")
    assert found
    assert not {"geographer", "hydrologist"} & {m.label for m in found}
    assert (
        taxonomy.matches("Pump Operators, Except Wellhead Pumpers", OCCUPATION_KINDS, "en")[0].label == "pump operator"
    )


def test_a_job_title_may_say_not_of_something_else(taxonomy: Taxonomy) -> None:
    found = taxonomy.matches("Housekeeper (Not Travel Related)", OCCUPATION_KINDS, "en")
    assert found
    assert found[0].matched_label == "housekeeper"


@pytest.mark.parametrize(
    ("text", "label", "matched"),
    [
        ("städare på sjukhus", "building cleaner", "städare"),
        ("kock i restaurang", "cook", "kock"),
        ("cleaner at a hotel", "building cleaner", "cleaner"),
        ("myyjä rautakaupassa", "sales assistant", "myyjä"),
        ("ammattipätevyys kuorma-autolle", "driver's professional competence (ammattipätevyys)", "ammattipätevyys"),
        ("kock till lunchrestaurang", "cook", "kock"),
        ("chaufför med C-körkort", "cargo vehicle driver", "chaufför"),  # with what
        ("experience with Excel", "use spreadsheets software", "excel"),  # only noise before: what comes after
    ],
)
def test_the_work_is_read_apart_from_where_it_is_done(taxonomy: Taxonomy, text: str, label: str, matched: str) -> None:
    [found] = taxonomy.matches(text, ALL_KINDS, limit=1)
    assert (found.label, found.matched_label) == (label, matched)
    assert found.score < 96  # named in part, not whole


@pytest.mark.parametrize(
    ("text", "label", "compound"),
    [
        ("koulun avustaja", "primary school teaching assistant", "kouluavustaja"),
        ("päiväkodissa avustajana", "early years teaching assistant", "päiväkotiavustaja"),
        ("varaston työntekijä", "warehouse worker", "varastotyöntekijä"),
        ("hotellissa siivoojana", "room attendant", "hotellisiivooja"),
        ("pizzan paistaja", "pizzaiolo", "pizzanpaistaja"),
        ("avustajana koulussa", "primary school teaching assistant", "kouluavustaja"),  # the place after
        ("siivoojana hotellissa", "room attendant", "hotellisiivooja"),
    ],
)
def test_a_compound_written_as_two_words_the_first_inflected_is_the_compound(
    taxonomy: Taxonomy, text: str, label: str, compound: str
) -> None:
    [found] = taxonomy.matches(text, OCCUPATION_KINDS, "fi", limit=1)
    assert (found.label, found.matched_label) == (label, compound)
    worker = next(word for word in reversed(text.split()) if not word.endswith(WHERE_ENDS))
    head = taxonomy.match(worker, OCCUPATION_KINDS, "fi")
    assert head is None or head.label != label  # what the compound names, not its head alone


def test_a_noise_word_written_apart_makes_the_compound(taxonomy: Taxonomy) -> None:
    """The word "ala" (field) alone is a noise word: "sähkö alan" is read as the compound the labels have."""
    [found] = taxonomy.match_preferring(["sähkö alan perustutkinto"], SKILL_KINDS, "fi")
    assert found is not None
    assert (found.label, found.matched_label) == ("electrician", "sähköalan perustutkinto")
    assert taxonomy.match_preferring(["sähkö"], SKILL_KINDS, "fi") == [None]
    [found] = taxonomy.match_preferring(["lumi työt"], SKILL_KINDS, "fi")  # "työt" alone is noise too
    assert found is not None
    assert (found.label, found.matched_label) == ("remove snow", "lumityöt")
    [found] = taxonomy.match_preferring(["tyoturvallisuus kortti"], SKILL_KINDS, "fi")  # apart, and unmarked
    assert found is not None
    assert found.label == "occupational safety card (työturvallisuuskortti)"
    [found] = taxonomy.match_preferring(["ravintola-alan pt"], SKILL_KINDS, "fi")  # "pt": perustutkinto
    assert found is not None
    assert (found.label, found.score) == ("cook", STEMMED)


@pytest.mark.parametrize("text", ["nuorisotakuu", "palkkatuki", "lönestöd"])
def test_the_employment_services_own_measures_name_no_work(taxonomy: Taxonomy, text: str) -> None:
    assert taxonomy.matches(text, ALL_KINDS, limit=5) == []  # "nuorisotakuu" was a youth worker


@pytest.mark.parametrize(("text", "alone"), [("oon ollu siivoojana", "siivoojana"), ("tehny siivousta", "siivousta")])
def test_spoken_finnish_doing_and_being_are_noise(taxonomy: Taxonomy, text: str, alone: str) -> None:
    assert taxonomy.match(text, ALL_KINDS, "fi") == taxonomy.match(alone, ALL_KINDS, "fi")


@pytest.mark.parametrize(
    ("text", "languages"),
    [
        ("lasten kanssa ulkoilu", ("fi",)),
        ("städare på hotell", ("sv",)),
        ("Butchers and Meat Cutters", ("en",)),
        ("lastenhoitaja", LANGUAGES),  # no word says which
        ("kokki ja cook and chef", LANGUAGES),  # both alike
    ],
)
def test_the_short_words_of_one_language_say_which_it_is(text: str, languages: tuple[str, ...]) -> None:
    assert spoken(text) == languages


def test_each_sentence_is_read_in_its_own_language(taxonomy: Taxonomy) -> None:
    # one English line does not make a Finnish ad English, nor the ad's Finnish a Swedish line
    text = "Haemme lähihoitajaa. Edellytämme lääkelupia. We value people who love their work."
    assert [m.label for m in extract(taxonomy, text)] == ["nurse assistant", "administer prescribed medication"]
    text = "Etsimme siivoojaa. Vi söker också en lokalvårdare med körkort."
    assert [m.label for m in extract(taxonomy, text)] == ["building cleaner", "driving licence B"]


def test_a_phrase_in_one_language_is_not_read_as_another(taxonomy: Taxonomy) -> None:
    # "lasten" is Finnish for "the children's" and Swedish for "the load"
    [found] = taxonomy.match_preferring(["lasten kanssa ulkoilu"], SKILL_KINDS)
    assert found is None or found.label != "materials handler"
    [swedish] = taxonomy.match_preferring(["lasten"], SKILL_KINDS, "sv")
    assert swedish is not None
    assert swedish.label == "materials handler"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # Swedish "manager" is a talent agent, "general" an army general and "officer" an armed forces
        # officer: an English title whose every word is English is read in English alone.
        ("Restaurant Operations Manager", "restaurant manager"),
        ("General Factory Worker", "factory hand"),
        ("Client Relations Officer", "client relations manager"),
    ],
)
def test_a_title_whose_every_word_one_language_knows_is_read_in_that_language(
    taxonomy: Taxonomy, text: str, label: str
) -> None:
    assert taxonomy.matches(text, OCCUPATION_KINDS)[0].label == label


def test_english_a_before_a_word_is_the_article_and_a_capital_a_the_class(taxonomy: Taxonomy) -> None:
    assert taxonomy.matches("I have a driving licence", ALL_KINDS, "en")[0].label == "driving licence B"
    assert taxonomy.matches("has a driving licence", ALL_KINDS)[0].label == "driving licence B"
    assert taxonomy.matches("A licence", ALL_KINDS, "en")[0].label == "driving licence A"


def test_a_concept_said_twice_over_or_in_another_order_is_that_concept(taxonomy: Taxonomy) -> None:
    [restated] = taxonomy.matches("ensiapukortti EA1", SKILL_KINDS, limit=1)
    assert restated.label == "first aid certificate EA1"
    [reordered] = taxonomy.matches("cleaning offices", SKILL_KINDS, "en", limit=1)
    assert (reordered.label, reordered.score) == ("perform cleaning duties", 94.0)


def test_search_offers_completions_before_what_is_only_alike(taxonomy: Taxonomy) -> None:
    offered = [m.label for m in taxonomy.search("lager", limit=3)]
    assert "warehouse worker" in offered  # lagerarbete, lagerjobb: not gauger ("gager") or lagger
    assert not {"gauger", "insulation worker"} & set(offered)
    assert [m.label for m in taxonomy.search("siivo", limit=2)] == ["perform cleaning duties", "building cleaner"]


def test_lookup_respects_the_kind_asked_for(small: Taxonomy) -> None:
    assert small.match("warehouse worker") is None
    found = small.match("warehouse worker", OCCUPATION_KINDS)
    assert found is not None
    assert found.kind == "occupation"


COACH_PHRASES = coach_phrases()


@pytest.mark.parametrize(("text", "lang", "label"), COACH_PHRASES, ids=[p[0] for p in COACH_PHRASES])
def test_bundled_taxonomy_understands_how_coaches_write(taxonomy: Taxonomy, text: str, lang: str, label: str) -> None:
    """Finnish (and Swedish) as coaches type it: inflection, compounds, noise words, typos, cards."""
    [found] = taxonomy.match_preferring([text], SKILL_KINDS, lang or None)  # as a profile's skills are read
    assert found is not None, text
    assert found.label == label


def test_project_labels_are_marked_as_the_projects_own(taxonomy: Taxonomy) -> None:
    own = [label for label in taxonomy.data.labels if label.source == "kohtaanto"]
    assert {label.lang for label in own} == {"en", "fi", "sv"}
    # In English: the local concepts' names and the project's other ways of writing a concept; an
    # ESCO concept's own name stays ESCO's.
    esco_names = [label for label in own if label.lang == "en" and taxonomy.concepts[label.concept].kind != "local"]
    assert esco_names
    assert all(label.text != taxonomy.concepts[label.concept].preferred for label in esco_names)
    local = [c for c in taxonomy.concepts if c.kind == "local"]
    assert all(c.uri.startswith("urn:kohtaanto:") for c in local)
    linked = {taxonomy.concepts[a].uri for a, _ in taxonomy.data.related}
    assert "urn:kohtaanto:card:forklift" in linked


BATCH = [text for text, _, _ in COACH_PHRASES] + [
    "software devloper",
    "senior java developer",
    "registered nurse night shifts",
    "",
    "2019",
    "zorblax quux",
    "trukkikortti",  # twice: a batch may repeat a phrase
]


@pytest.mark.parametrize("kinds", [SKILL_KINDS, OCCUPATION_KINDS, ALL_KINDS], ids=["skills", "occupations", "all"])
def test_a_batch_answers_as_each_phrase_alone(taxonomy: Taxonomy, kinds: frozenset[ConceptKind]) -> None:
    taxonomy.forget()
    together = taxonomy.matches_many(BATCH, kinds, None, limit=5)
    taxonomy.forget()
    alone = [taxonomy.matches(text, kinds, None, limit=5) for text in BATCH]
    assert together == alone
    assert any(len(found) == 5 for found in together)  # retrieval filled some lists


@pytest.mark.parametrize("text", ["Finnish language A2", "kaupan kassalla", "levyseppähitsaaja", *BATCH[:8]])
def test_a_longer_list_begins_with_the_one_best_answer(taxonomy: Taxonomy, text: str) -> None:
    # what only looks alike fills a list below what a label names outright ("Finnish Sign Language"
    # shares more words with "Finnish language A2" than "Finnish" does)
    best = taxonomy.matches(text, ALL_KINDS, limit=1)
    assert taxonomy.matches(text, ALL_KINDS, limit=5)[: len(best)] == best


def test_batched_retrieval_scores_as_one_query_at_a_time(taxonomy: Taxonomy) -> None:
    taxonomy.warm()
    index = taxonomy._alike.families()[1].words
    phrases = [["software", "developer"], ["nurse"], ["welder", "ship"], ["zorblax"], ["kokki"], ["lagerarbetare"]] * 3
    queries = [index.query_weights(words, ("fi", "sv", "en")) for words in phrases]
    together = index.search(queries, 20)
    for position, query in enumerate(queries):
        alone = index.search([query], 20)
        count = int(alone.count[0])
        assert together.count[position] == count
        assert together.rows[position, :count].tolist() == alone.rows[0, :count].tolist()
        assert together.scores[position, :count] == pytest.approx(alone.scores[0, :count])
    assert together.count.max() == 20
    assert together.count[3] == 0  # a word no label has, nor one a typo away


def test_a_long_word_a_few_slips_from_a_label_is_read_as_that_label(taxonomy: Taxonomy) -> None:
    """Typed as heard: letters left out, å, ä and ö without their dots, a compound read as two words."""
    slipped = {
        "anisklupassi": "alcohol serving passport (anniskelupassi)",
        "tyoturvalisuskortti": "occupational safety card (työturvallisuuskortti)",
        "kiinteistonhoitja": "building caretaker",
    }
    for text, label in slipped.items():
        found = taxonomy.match(text, ALL_KINDS, "fi")
        assert found is not None, text
        assert (found.label, found.score) == (label, NEAR_TYPED), text
    assert taxonomy.match("hygieniapassi", ALL_KINDS, "fi").score == 100  # type: ignore[union-attr]
    assert taxonomy.match("zorblaxian", ALL_KINDS, "fi") is None  # like no word of a label


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("You will perform daily cleaning tasks.", ["cleaning"]),  # not the performer, an actor
        ("We produce quality goods and do research.", []),  # nor a producer, a researcher
        ("You evaluate suppliers and review invoices.", []),  # nor an evaluator, a critic (reviewer)
        ("We are looking for cleaners and welders.", ["cleaners", "welders"]),
        ("Woodturners and rustproofers", ["Woodturners", "rustproofers"]),  # plurals the dictionary lacks
    ],
)
def test_an_english_word_names_a_label_it_inflects_not_one_derived_from_it(
    taxonomy: Taxonomy, text: str, named: list[str]
) -> None:
    assert [mention.text for mention in extract(taxonomy, text, "en")] == named


def test_an_english_word_names_outright_only_what_it_inflects_or_the_doer_of_its_activity(
    taxonomy: Taxonomy,
) -> None:
    for word in ("perform", "animals", "research"):  # only alike a performer, an animator, a researcher
        assert taxonomy.matches(word, ALL_KINDS, "en", 1)[0].score < 96.0
    assert taxonomy.matches("cleaners", OCCUPATION_KINDS, "en", 1)[0].label == "building cleaner"
    assert taxonomy.matches("nursing", OCCUPATION_KINDS, "en", 1)[0].score == 96.0
    assert taxonomy.matches("depending", ALL_KINDS, "en", 1)[0].score < 96.0  # a skill's -ing word is its own


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Deliver goods to customers.", []),  # ESCO's "speak to customers" is contact customers
        ("You respond to customer needs.", ["respond to customer"]),
    ],
)
def test_a_mention_does_not_begin_with_a_function_word(taxonomy: Taxonomy, text: str, named: list[str]) -> None:
    assert [mention.text for mention in extract(taxonomy, text)] == named


def test_running_text_finds_inflections_the_stemmer_misses(taxonomy: Taxonomy) -> None:
    text = (
        "Puhun suomea ja arabiaa. Haemme kirvesmiehiä keräilyyn ja lastaukseen. Lääkehoidon osaamista "
        "eduksi. Olen muuttanut Suomeen ja ollut harjoittelussa hotellissa. Rakennusliike Oy."
    )
    found = {mention.text: mention for mention in extract(taxonomy, text, "fi")}
    assert {words: found[words].label for words in ("arabiaa", "kirvesmiehiä", "keräilyyn", "lastaukseen")} == {
        "arabiaa": "Arabic",
        "kirvesmiehiä": "carpenter",
        "keräilyyn": "pick orders for dispatching",
        "lastaukseen": "load cargo",
    }
    assert found["Lääkehoidon"].label == "administer prescribed medication"
    assert found["Lääkehoidon"].strength == "nice_to_have"
    # Words that only begin like a label's word are not it: moved house, in a hotel, a builder company.
    assert "muuttanut" not in found
    assert "hotellissa" not in found
    assert "Rakennusliike" not in found
    # Short words in the plural, whose last vowel changed (kokki → kokkeja, myyjä → myyjiä); and
    # "puuttuu" is no "puutyö" however alike they begin.
    found = {m.text: m for m in extract(taxonomy, "Haemme kokkeja ja myyjiä. Hygieniapassi puuttuu.", "fi")}
    assert [found[words].label for words in ("kokkeja", "myyjiä")] == ["cook", "sales assistant"]
    assert list(found) == ["kokkeja", "myyjiä"]


def test_a_lower_case_english_word_is_not_read_by_a_finnish_label_spelling_it(taxonomy: Taxonomy) -> None:
    # Finnish coaches' "office" is Microsoft Office; in English text office buildings are places
    found = [mention.label for mention in extract(taxonomy, "Daily cleaning of office buildings. Work in teams.")]
    assert "use microsoft office" not in found
    assert "use communication and collaboration software" not in found
    text = "Good knowledge of Excel, Word and Office."  # the products, written as names
    assert [mention.text for mention in extract(taxonomy, text)] == ["Excel", "Word", "Office"]
    assert taxonomy.match("office", SKILL_KINDS, "fi").label == "use microsoft office"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("title", "not_named"),
    [("Chef", "business manager"), ("Manager", "talent agent"), ("Dentists, General", "army general")],
)
def test_an_english_title_is_not_read_by_a_swedish_label_spelling_its_word(
    taxonomy: Taxonomy, title: str, not_named: str
) -> None:
    """Swedish "chef" is a boss, "manager" an artist's agent, "general" an army's."""
    found = [m.label for m in taxonomy.matches(title, OCCUPATION_KINDS, "en", limit=3)]
    assert not_named not in found
    assert "business manager" in {m.label for m in taxonomy.matches("chef", OCCUPATION_KINDS, "sv", limit=2)}
    assert taxonomy.matches("Pilot", OCCUPATION_KINDS, "en", limit=1)[0].label == "aircraft pilot"  # the same in both
    ad = "We are hiring a Chef for our restaurant. Our Manager will train you."
    mentioned = {m.label for m in extract(taxonomy, ad)}
    assert not {"business manager", "talent agent"} & mentioned


def test_a_swedish_compound_drops_its_beginnings_e_adds_an_s_or_turns_its_a(taxonomy: Taxonomy) -> None:
    # närvårdar|examen: the närvårdare's degree; the degree itself is only context
    found = [(m.label, m.strength) for m in extract(taxonomy, "Krav: närvårdarexamen eller motsvarande.")]
    assert found == [("nurse assistant", "required")]
    assert taxonomy.words.split_compound("närvårdarexamen") == ["närvårdare", "examen"]
    # undersköterske|examen: a sköterska's -a is an -e at the beginning of a compound
    assert taxonomy.words.split_compound("undersköterskeexamen") == ["undersköterska", "examen"]
    found = [(m.label, m.strength) for m in extract(taxonomy, "Du har undersköterskeexamen.")]
    assert found == [("nurse assistant", "required")]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (
            "Edellytämme työturvallisuus-, tulityö- ja tieturvakorttia sekä hygienia- ja anniskelupassia.",
            [
                ("työturvallisuus", "occupational safety card (työturvallisuuskortti)"),
                ("tulityö", "hot work card (tulityökortti)"),
                ("tieturvakorttia", "road work safety card (tieturva)"),
                ("hygienia", "food hygiene passport (hygieniapassi)"),
                ("anniskelupassia", "alcohol serving passport (anniskelupassi)"),
            ],
        ),
        # beginnings joined by slashes share the head after the last one's hyphen
        (
            "Edellytämme TIG/MIG/MAG-hitsauksen osaamista ja kykyä lukea piirustuksia.",
            [
                ("TIG", "perform tungsten inert gas welding"),
                ("MIG", "perform metal inert gas welding"),
                ("MAG-hitsauksen", "perform metal active gas welding"),
                ("lukea piirustuksia", "read standard blueprints"),
            ],
        ),
        # a head of two words
        (
            "Edellytämme C- tai CE-luokan ajokorttia.",
            [("C", "driving licence C"), ("CE-luokan ajokorttia", "driving licence CE")],
        ),
        # languages listed in the genitive share the one word for language after them
        (
            "Haemme tulkkeja arabian, darin ja somalin kieliin.",
            [("tulkkeja", "interpreter"), ("arabian", "Arabic"), ("darin", "Dari"), ("somalin kieliin", "Somali")],
        ),
    ],
)
def test_a_beginning_whose_head_comes_after_the_next_compound_names_the_whole(
    taxonomy: Taxonomy, text: str, named: list[tuple[str, str]]
) -> None:
    assert [(m.text, m.label) for m in extract(taxonomy, text)] == named


@pytest.mark.parametrize(
    "text",
    [
        "Ajokortti B, C ja CE sekä trukkikortti.",
        "Körkort B, C och CE, truckkort.",
        "Driving licences B, C and CE.",
        "Licences: B, C, CE.",  # the licence's words name it with the first class only
        "Kortit: B, C, CE.",
    ],
)
def test_a_licences_classes_listed_after_it_are_each_a_licence(taxonomy: Taxonomy, text: str) -> None:
    labels = [mention.label for mention in extract(taxonomy, text)]
    assert labels[:3] == ["driving licence B", "driving licence C", "driving licence CE"]
    # a forklift card's classes are no driving licences
    forklift = [mention.label for mention in extract(taxonomy, "Trukkikortti A ja B.")]
    assert forklift == ["forklift licence (trukkikortti)"]


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Kuljettaja (C/CE) jakeluliikenteeseen.", ["cargo vehicle driver", "driving licence C", "driving licence CE"]),
        ("Vi söker lastbilschaufför (C, CE).", ["cargo vehicle driver", "driving licence C", "driving licence CE"]),
        ("Kuljettaja (C1)", ["cargo vehicle driver", "driving licence C1"]),
        ("Kokki (A)", ["cook"]),  # a class after a driver only
        # ... or in capitals without parentheses
        ("Kuljettaja C/CE, Vantaa.", ["cargo vehicle driver", "driving licence C", "driving licence CE"]),
        ("Truck driver C/CE wanted.", ["cargo vehicle driver", "driving licence C", "driving licence CE"]),
        ("Vaatimuksena C-luokan ajokortti.", ["driving licence C"]),
    ],
)
def test_the_licence_classes_a_driver_is_named_with_are_licences(
    taxonomy: Taxonomy, text: str, labels: list[str]
) -> None:
    assert [mention.label for mention in extract(taxonomy, text)] == labels
    assert taxonomy.match("ajokortti A", SKILL_KINDS, "fi").label == "driving licence A"  # type: ignore[union-attr]


def test_a_verb_is_not_the_one_who_does_it(taxonomy: Taxonomy) -> None:
    text = "Osaa kuljettaa trukkia ja opettaa lapsia."  # can drive a forklift and teach children
    assert [mention.text for mention in extract(taxonomy, text)] == ["trukkia"]
    text = "Toiminut asentajana, kuljettajana ja myyjänä."  # the agent nouns, inflected
    assert [mention.label for mention in extract(taxonomy, text)] == [
        "metal products assembler",
        "cargo vehicle driver",
        "sales assistant",
    ]


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        # a Swedish verb in -ar is no doer in -are; the doer's own forms name the doer first
        ("Vi rekryterar en fastighetsskötare.", ["building caretaker"]),
        ("Hon städar kontor.", ["perform cleaning duties"]),
        ("Städaren och lagerarbetarna.", ["building cleaner", "warehouse worker"]),
        # the employer's hiring begins no mention; an English plural names what it is a plural of
        ("We are recruiting bus drivers.", ["bus driver"]),
        ("We recruit cooks.", ["cook"]),
        # ESCO's zoo section leader is a "team leader" too
        ("Position: Warehouse Team Leader.", ["perform warehousing operations", "lead a team"]),
        # a word in capitals is written loud, no name: its Finnish ending is read
        ("Etsimme joukkoomme VARASTOTYÖNTEKIJÖITÄ Keravalle!", ["warehouse worker"]),
        # nor does an English word of grammar ("DID" is direct inward dialing)
        ("She studied nursing but did not finish.", ["nurse responsible for general care"]),
        # nor a record of work or studies ("history")
        ("Work history: cleaner at a hotel.", ["building cleaner"]),
        ("Teaches history.", ["teach history"]),
        # "extra" is more, no film extra
        ("Hon jobbar extra som vårdbiträde.", ["residential care home worker"]),
    ],
)
def test_the_words_of_doing_and_hiring_name_no_doer(taxonomy: Taxonomy, text: str, labels: list[str]) -> None:
    assert [mention.label for mention in extract(taxonomy, text)] == labels


def test_a_place_someone_comes_from_is_no_employer_name(taxonomy: Taxonomy) -> None:
    # "Palvelutalo Koivukoti" names an employer; a capitalised word in a Finnish local case is a place
    text = "Sairaanhoitaja Filippiineiltä, tutkinto ei vielä tunnustettu Suomessa."
    assert [mention.label for mention in extract(taxonomy, text)] == ["nurse responsible for general care"]
    assert [mention.text for mention in extract(taxonomy, "Palvelutalo Koivukoti hakee kokkia.")] == ["kokkia"]
    # nor do the persons sought in the partitive plural begin a name
    text = "Bussinkuljettajia Helsingin seudun liikenteeseen."
    assert [mention.label for mention in extract(taxonomy, text)] == ["bus driver"]


def test_what_the_employer_does_or_has_is_not_asked_of_anyone(taxonomy: Taxonomy) -> None:
    text = "Haemme toimipisteeseemme siivoojaa. Kokemus ei ole välttämätöntä – perehdytämme!"
    found = {mention.text: mention.label for mention in extract(taxonomy, text, "fi")}
    assert found == {"siivoojaa": "building cleaner"}
    offered = "Haemme keräilijää Hervantaan. Tarjoamme perehdytyksen ja trukkikoulutuksen. Vi erbjuder utbildning."
    assert [mention.text for mention in extract(taxonomy, offered)] == ["keräilijää"]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("We offer a permanent position as a Store Manager in our store.", ["Store Manager"]),
        ("Vi erbjuder en fast tjänst som kock och utbildning.", ["kock"]),
        ("Tarjoamme vakituisen työpaikan kokkina ja perehdytyksen.", ["kokkina"]),
        ("Tarjoamme perehdytyksen kokkina toimimiseen ja trukkikoulutuksen.", []),
    ],
)
def test_the_position_an_employer_offers_is_the_work_the_ad_is_for(
    taxonomy: Taxonomy, text: str, named: list[str]
) -> None:
    assert [(mention.text, mention.strength) for mention in extract(taxonomy, text)] == [
        (words, "mentioned") for words in named
    ]


def test_a_label_ending_in_a_noise_word_names_what_it_says_in_running_text(taxonomy: Taxonomy) -> None:
    # "computer" alone is the equipment; the project's "computer skills" is computer literacy
    found = [(m.text, m.label) for m in extract(taxonomy, "Good computer skills required.")]
    assert found == [("computer skills", "have computer literacy")]
    # a heading of noise is no part of the mention after it
    assert [m.text for m in extract(taxonomy, "Työtehtävät: siivous, pyykinpesu.")] == ["siivous", "pyykinpesu"]
    # a noise word begins a mention as the project wrote a label ("god fysik" was physics; "till" is Swedish)
    found = [(m.text, m.label) for m in extract(taxonomy, "Du har god fysik och truckkort.")]
    assert found == [("god fysik", "lift heavy weights"), ("truckkort", "forklift licence (trukkikortti)")]
    assert [m.label for m in extract(taxonomy, "Worked as a till operator at Tesco.")] == ["cashier"]


def test_languages_of_those_who_come_to_finland_are_known_and_a_diploma_is_no_diplomat(taxonomy: Taxonomy) -> None:
    text = "Languages: English (native), Yoruba, Lingala. High school diploma."
    assert [m.label for m in extract(taxonomy, text)] == ["English", "Yoruba", "Lingala"]
    assert [m.label for m in extract(taxonomy, "Puhuu jorubaa ja oromoa.")] == ["Yoruba", "Oromo"]
    # in English, a language's name before a thing of its country names the country's thing
    text = "He has Finnish work experience, but his Finnish electrical qualifications are not recognised."
    assert [m.label for m in extract(taxonomy, text)] == []
    assert [m.label for m in extract(taxonomy, "Finnish skills required, English is a plus.")] == ["Finnish", "English"]


def test_a_comma_parts_mentions_unless_the_label_has_it(taxonomy: Taxonomy) -> None:
    # "home, cleaning" named the domestic cleaner
    found = [m.label for m in extract(taxonomy, "Internship in an elderly care home, cleaning jobs.", "en")]
    assert found == ["tend to elderly people", "conduct cleaning tasks"]
    found = [m.text for m in extract(taxonomy, "Heating, ventilation, air conditioning engineer wanted.")]
    assert found == ["Heating, ventilation, air conditioning engineer"]
    # a colon does not part a licence from its class
    assert [m.label for m in extract(taxonomy, "Ajokortit: B, C.")] == ["driving licence B", "driving licence C"]


def test_an_acronym_is_found_as_spelt_not_by_a_word_that_stems_alike(taxonomy: Taxonomy) -> None:
    # "staffing" stems to "staf", which ESCO's STAF spells
    text = "Has done cleaning jobs through a staffing agency."
    assert "STAF" not in {mention.label for mention in extract(taxonomy, text)}
    assert taxonomy.matches("staffing", ALL_KINDS, "en", limit=1)[0].label != "STAF"
    # spelt, also inflected after a colon or before a noise word
    for phrase, label in (("SQL:n osaaminen", "SQL"), ("CSS-osaaminen", "CSS"), ("STAF", "STAF")):
        assert taxonomy.match(phrase, SKILL_KINDS).label == label  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "strengths"),
    [
        # the person sought, addressed, is told what they have: that is asked for
        ("Sinulla on hygieniapassi ja B-ajokortti.", {"hygieniapassi": "required", "B-ajokortti": "required"}),
        ("You have a forklift licence.", {"forklift licence": "required"}),
        # ... or what they speak or know
        ("Du behärskar svenska och finska.", {"svenska": "required", "finska": "required"}),
        ("Puhut sujuvaa suomea.", {"suomea": "required"}),
        ("You speak English.", {"English": "required"}),
        ("Han talar svenska.", {"svenska": "mentioned"}),  # a profile tells
        # what an ad wishes for is a plus
        ("Körkort B önskas.", {"Körkort B": "nice_to_have"}),
        # a requirement named in a compound
        ("Kielitaitovaatimus: suomi tai englanti.", {"suomi": "required", "englanti": "required"}),
        ("Språkkrav: svenska.", {"svenska": "required"}),
        # what follows "gärna" is only preferred, what comes before it still asked for
        (
            "Du har truckkort och gärna erfarenhet av ställagetruck.",
            {"truckkort": "required", "ställagetruck": "nice_to_have"},
        ),
        ("Trukkikortti ja mielellään hygieniapassi.", {"Trukkikortti": "mentioned", "hygieniapassi": "nice_to_have"}),
        # a chance given is an offer, nothing asked
        ("Sinulla on mahdollisuus suorittaa trukkikortti.", {}),
        ("Du har möjlighet att ta truckkort hos oss.", {}),
        # ... not one the reader is asked to have
        ("Sinulla tulee olla mahdollisuus tehdä kaksivuorotyötä.", {"kaksivuorotyötä": "required"}),
        ("Edellytämme mahdollisuutta tehdä vuorotyötä.", {"vuorotyötä": "required"}),
        ("Du måste ha möjlighet att arbeta i skift.", {"skift": "required"}),
    ],
)
def test_what_an_ad_tells_the_reader_they_have_is_asked_for(
    taxonomy: Taxonomy, text: str, strengths: dict[str, str]
) -> None:
    assert {mention.text: mention.strength for mention in extract(taxonomy, text)} == strengths


def test_a_cue_is_a_word_of_its_own_a_country_no_language_and_a_lack_no_mention(taxonomy: Taxonomy) -> None:
    text = "Asunut Suomessa ja Ruotsissa. Puhuu suomea, kokemusta asiakaspalvelusta. Ei trukkikorttia."
    found = {mention.text: (mention.label, mention.strength) for mention in extract(taxonomy, text)}
    # "kokemusta" holds "must" but asks for nothing; "Suomessa" is where someone lived; no forklift card
    assert found == {"suomea": ("Finnish", "mentioned"), "asiakaspalvelusta": ("customer service", "mentioned")}
    # in Swedish, a name after where it is from or in ("från Ukraina") is the country, a language's name alone is not
    swedish = "Sjuksköterska från Ukraina, har bott i Estland. Hon talar Svenska och ukrainska."
    assert [mention.label for mention in extract(taxonomy, swedish)] == [
        "nurse responsible for general care",
        "Swedish",
        "Ukrainian",
    ]
    # the language's English name after "in" is the language: one works in it
    english = "Comes from Somalia, lived in Finland. You must be able to work in English and Finnish."
    assert [mention.label for mention in extract(taxonomy, english)] == ["English", "Finnish"]
    # a name alone in parentheses says where
    text = "Koulutus: peruskoulu (Somalia). Kokemus: lastenhoitaja 3 v (Venäjä). Kielet: venäjä (äidinkieli)."
    assert [mention.label for mention in extract(taxonomy, text)] == ["child care worker", "Russian"]
    # in Finnish, a capitalised language's ending is read as a language's, where the name is no place
    finnish = "Kotoisin Persiasta, asuu Keravalla. Puhuu Arabiaa ja Persiaa."
    assert [mention.label for mention in extract(taxonomy, finnish)] == ["Arabic", "Persian"]


@pytest.mark.parametrize(
    ("text", "had"),
    [
        ("Ajokorttia ei ole.", []),
        ("Trukkikortti on, mutta vanhentunut.", []),
        ("Trukkikortti ja hygieniapassi puuttuvat.", []),
        ("Hygieniapassi on, trukkikortti puuttuu.", ["Hygieniapassi"]),
        ("Trukkikortti, hygieniapassi ja ajokortti puuttuvat.", []),
        ("On työturvallisuuskortti ja B-ajokortti, trukkikorttia ei ole.", ["työturvallisuuskortti", "B-ajokortti"]),
        ("Muuttanut Suomeen 2019, puhuu suomea.", ["suomea"]),  # into Finland: no language
        ("Körkort saknas, men truckkort finns.", ["truckkort"]),
        ("Forklift licence expired, hygiene passport valid.", ["hygiene passport"]),
        ("Kokemus siivouksesta ei ole välttämätöntä.", ["siivouksesta"]),  # waived, not lacking
        ("Ei pysty seisomaan pitkään, joten kassatyö ei sovi.", []),  # what does not suit
        ("Has a D licence, the professional competence (ammattipätevyys) is missing.", ["D licence"]),
        # "not having" followed by what is not had or done is about that
        ("Vuorotyö ei ole ongelma.", ["Vuorotyö"]),
        ("Klienten är utbildad kock från Syrien men har inte arbetat i Finland.", ["kock"]),
        ("Koulutukseltaan kokki, mutta ei ole työskennellyt Suomessa.", ["kokki"]),
        ("Has a driving licence but does not have a car.", ["driving licence"]),
        ("Hygieniapassia ei ole suoritettu.", []),
        ("Ajokortti on, mutta ei ole voimassa.", []),
    ],
)
def test_what_the_words_after_it_say_is_lacking_is_no_mention(taxonomy: Taxonomy, text: str, had: list[str]) -> None:
    assert [mention.text for mention in extract(taxonomy, text)] == had


def test_rehabilitation_a_person_was_in_is_no_skill_of_theirs(taxonomy: Taxonomy) -> None:
    # (a health detail besides): "kuntoutus" alone names nothing, the lähihoitaja's competence area does
    assert extract(taxonomy, "Hän on ollut Kelan kuntoutuksessa.") == []
    found = [mention.label for mention in extract(taxonomy, "Lähihoitaja, kuntoutuksen osaamisala.")]
    assert found == ["nurse assistant", "rehabilitation"]


@pytest.mark.parametrize(
    ("text", "had"),
    [
        ("Hänellä on trukkikortti ja hän haluaisi suorittaa myös tulityökortin.", ["trukkikortti"]),
        ("Aikoo hankkia hygieniapassin.", []),
        ("Vill ta truckkort, har körkort.", ["körkort"]),
        ("Would like to get a forklift licence.", []),
        ("Edellytämme, että olet valmis suorittamaan hygieniapassin.", ["hygieniapassin"]),  # an ad asks
        # wished work and interests are not had, to the end of their clause
        ("Myyjänä 15 v. Haluaisi asiakaspalvelutehtäviin tai toimistoon.", ["Myyjänä"]),
        ("Kiinnostunut varhaiskasvatuksesta, suomi B1.", ["suomi"]),
        ("Tavoitteena laillistus ja sairaanhoitajan työ.", []),
        ("Hoiva-avustajana palvelutalossa, tavoitteena sairaanhoitajan työ.", ["Hoiva-avustajana"]),
        ("Is interested in cook training, has a hygiene passport.", ["hygiene passport"]),
        ("Oletko kiinnostunut hoitotyöstä? Haemme lähihoitajia.", ["hoitotyöstä", "lähihoitajia"]),  # an ad asks
        # examples after a comma are of the wish ("toivoo"), not a clause of their own
        ("Toivoo kevyempää työtä, esim. kuriirina tai taksinkuljettajana. B-kortti.", ["B-kortti"]),
        ("Would like lighter work, e.g. as a courier.", []),
        ("Toivoo kevyempää työtä, kokemusta kuriirina.", ["kuriirina"]),
        # an employer's wish to hire is no wish of the person hired; to find work is the person's own
        ("Tavoitteena on löytää kokenut kokki.", ["kokki"]),
        ("We would like to hire a cook for the summer.", ["cook"]),
        ("Vi vill anställa en kock.", ["kock"]),
        ("Haluaa löytää töitä kokkina.", []),
        # the work the person looks for is wished, who looks for it is had
        ("Asiakas hakee töitä siivoojana.", []),
        ("Lähihoitaja hakee töitä kotihoidosta.", ["Lähihoitaja"]),
        ("Söker jobb som städare.", []),
        ("Hakee vakituista työtä vanhustyöstä, mieluiten aamuvuoroja.", []),
        ("Söker ett fast jobb som städare, har hygienpass.", ["hygienpass"]),
        ("Looking for a permanent job as a cleaner.", []),
        ("Is seeking full-time work in a warehouse.", []),
        ("Looking for work as a cleaner, has a hygiene passport.", ["hygiene passport"]),
        ("Are you looking for a job as a cleaner?", ["cleaner"]),  # an ad asks
        ("Would like to find a job as a cook.", []),
        # or would consider
        ("Hän on työskennellyt siivoojana ja voisi tehdä myös varastotöitä.", ["siivoojana"]),
        ("Han har jobbat som städare men kan tänka sig lagerjobb.", ["städare"]),
        ("Would also consider work as a cleaner, has a hygiene passport.", ["hygiene passport"]),
        # nor what the person does not want or has never done
        ("Ei halua siivoustöihin.", []),
        ("Does not want to work in cleaning.", []),
        ("Do you want to work as a cleaner?", ["cleaner"]),  # an ad asks
        ("Ei ole koskaan toiminut kokkina, mutta on tehnyt siivousta.", ["siivousta"]),
        ("Has never worked as a cook, but has a hygiene passport.", ["hygiene passport"]),
        # nor what the person has not, to "and" or "but"
        ("Hänellä ei ole hygieniapassia.", []),
        ("Ei ole ajokorttia tai hygieniapassia.", []),
        ("Asiakas ei osaa ruotsia, englanti sujuu.", ["englanti"]),
        ("Hänellä ei ole ajokorttia ja hän on toiminut kokkina.", ["kokkina"]),
        ("Han har inte körkort men truckkort.", ["truckkort"]),
        ("Does not have a driving licence or a forklift licence.", []),
        ("He has the alcohol passport but not the hygiene passport yet.", ["alcohol passport"]),
        ("Har erfarenhet av lagerarbete men saknar truckkort.", ["lagerarbete"]),  # what follows "saknar"
        ("Has worked in a kitchen but lacks a hygiene passport.", ["kitchen"]),
        ("Asiakkaalta puuttuu hygieniapassi, mutta trukkikortti on.", ["trukkikortti"]),
        ("Trukkikortti on, mutta ei kokemusta trukin ajosta.", ["Trukkikortti"]),
        # the work done is had though its degree is not
        ("Tehnyt sähkömiehen töitä 10 vuotta, mutta tutkintoa ei ole.", ["sähkömiehen"]),
        ("Lähihoitajan tutkinto puuttuu.", []),
        ("Ajokortti tulossa keväällä, hygieniapassi on.", ["hygieniapassi"]),  # only coming
        ("Kokkiopinnot aloitettu.", ["Kokkiopinnot"]),  # a student of the work is the work's
        ("Työ ei ole raskasta ja sisältää siivousta.", ["siivousta"]),
        ("He has no Finnish occupational safety card yet.", []),
        ("Hänellä ei ole ongelmia vuorotyön kanssa.", ["vuorotyön"]),
        ("Has no problem with shift work.", ["shift work"]),
        # nor what the person cannot do
        ("Selkävaiva rajoittaa raskaita nostoja. Osaa käyttää Exceliä.", ["Exceliä"]),
        ("Kan inte lyfta tungt, har truckkort.", ["truckkort"]),
        ("Raskas työ ei enää onnistu, siivous onnistuu.", ["siivous"]),
        # nor what the person is getting now, to where the text says what they have
        ("Asiakas suorittaa parhaillaan trukkikorttia. Hänellä on EA1.", ["EA1"]),
        ("Is currently studying for the medication permit and has a hygiene passport.", ["hygiene passport"]),
        ("Hän haluaisi suorittaa trukkikortin ja hänellä on hygieniapassi.", ["hygieniapassi"]),
        # a line headed by its goal
        ("Has a forklift licence. Goal: get the Finnish C licence.", ["forklift licence"]),
        ("Tavoite: trukkikortti ja hygieniapassi.", []),
        ("Kortit: hygieniapassi.\nToiveet: siivous- tai varastotyö.", ["hygieniapassi"]),
        ("Kortit: hygieniapassi\nToiveet: siivous, keittiötyö", ["hygieniapassi"]),  # to the line's end
        ("Har truckkort. Önskemål: lagerjobb.", ["truckkort"]),
        ("Har truckkort, önskar heltidsarbete som städare.", ["truckkort"]),
        ("Vi önskar att du har truckkort.", ["truckkort"]),  # an ad asks
    ],
)
def test_what_a_person_only_wants_to_get_is_no_mention(taxonomy: Taxonomy, text: str, had: list[str]) -> None:
    assert [mention.text for mention in extract(taxonomy, text)] == had


def test_how_busy_the_work_is_names_nothing(taxonomy: Taxonomy) -> None:
    # English stems "busy" as it stems "business"
    assert [m.label for m in extract(taxonomy, "Seeking a dishwasher for a busy restaurant.")] == ["kitchen porter"]
    # nor the pay's terms (no art collections in "collective")
    assert extract(taxonomy, "Salary according to the collective agreement. Lähetä hakemuksesi pian!") == []
    # nor the hours (ESCO's "time@work" is a calendar program)
    assert extract(taxonomy, "Part-time work, evenings. Full-time work in summer.") == []


def test_what_the_person_should_have_and_the_checks_made_before_starting(taxonomy: Taxonomy) -> None:
    english = "You should speak basic Finnish. Security clearance will be done before starting."
    found = {mention.text: (mention.label, mention.strength) for mention in extract(taxonomy, english)}
    assert found == {
        "Finnish": ("Finnish", "required"),
        "Security clearance": ("security clearance (turvallisuusselvitys)", "mentioned"),  # no security guard
    }
    finnish = "Työ edellyttää rikostaustaotteen esittämistä. Sinun tulee puhua sujuvaa suomea."
    found = {mention.text: (mention.label, mention.strength) for mention in extract(taxonomy, finnish)}
    assert found == {
        "rikostaustaotteen": ("criminal record extract (rikostaustaote)", "required"),
        "suomea": ("Finnish", "required"),
    }


def test_a_clause_of_its_own_asks_for_its_own_alone(taxonomy: Taxonomy) -> None:
    text = (
        "Työ on omatoimista siivousta asiakkaiden kodeissa, joten ajokortti on välttämätön. "
        "Kelpoisuusvaatimuksena on kasvatus- ja ohjausalan perustutkinto. "
        "Arvostamme kokemusta pienten lasten ryhmästä."
    )
    found = {mention.text: (mention.label, mention.strength) for mention in extract(taxonomy, text)}
    assert found == {
        "siivousta": ("perform cleaning duties", "mentioned"),  # the work, not what the "so" clause asks
        "ajokortti": ("driving licence B", "required"),
        "kasvatus- ja ohjausalan perustutkinto": ("child day care worker", "required"),
        # "lasten" is children's here: no Swedish load, no English "laster"
    }


def test_a_concept_named_again_more_firmly_is_asked_for_as_firmly(taxonomy: Taxonomy) -> None:
    text = "Etsimme lähihoitajaa kotihoitoon. Vaatimuksena lähihoitajan tutkinto ja B-ajokortti."
    found = {mention.label: (mention.text, mention.strength) for mention in extract(taxonomy, text)}
    assert found["nurse assistant"] == ("lähihoitajaa", "required")  # where first named, as firmly as asked
    assert found["driving licence B"] == ("B-ajokortti", "required")


def test_an_employers_name_is_not_the_work(taxonomy: Taxonomy) -> None:
    text = "Palvelutalo Koivukoti hakee kokkia. Varasto Oy hakee kuljettajaa, jolla on Suomen kieli B1."
    assert [mention.label for mention in extract(taxonomy, text, "fi")] == ["cook", "cargo vehicle driver", "Finnish"]
    # where the same words tell what someone did, they count
    assert [m.label for m in extract(taxonomy, "Olen ollut palvelutalossa ja varastossa.", "fi")] == [
        "healthcare assistant",
        "warehouse worker",
    ]
    # the employer seeking, named by its kind; and who seeks work is the person
    assert [m.text for m in extract(taxonomy, "Palvelutalo hakee lähihoitajia.")] == ["lähihoitajia"]
    assert [m.text for m in extract(taxonomy, "Ravintola etsii nyt kokkia.")] == ["kokkia"]
    # (the work looked for is only wished)
    assert [m.text for m in extract(taxonomy, "Lähihoitaja hakee töitä kotihoidosta.")] == ["Lähihoitaja"]


def test_a_workplace_someone_is_hired_into_is_where_the_work_named_beside_it_is_done(taxonomy: Taxonomy) -> None:
    text = "Rekrytoimme siivoojia kouluihin ja päiväkoteihin."
    assert [mention.label for mention in extract(taxonomy, text)] == ["building cleaner"]
    assert [mention.label for mention in extract(taxonomy, "Etsimme myyjää kassalle.")] == ["sales assistant"]
    # in Swedish and English, a place the employer calls its own, and those listed after it
    assert [m.label for m in extract(taxonomy, "Vi söker städare till våra kontor och lager.")] == ["building cleaner"]
    assert [m.label for m in extract(taxonomy, "We are hiring a cook for our kitchen.")] == ["cook"]
    # ... and in Swedish, any place someone is sought to
    assert [m.label for m in extract(taxonomy, "Vi söker en barnskötare till ett daghem.")] == ["child care worker"]
    assert [m.label for m in extract(taxonomy, "Jobbat i butik i 3 år.")] == ["sales assistant"]  # alone: the work


@pytest.mark.parametrize(
    "text",
    [
        "Toiminut kokkina päiväkodissa.",
        "Päiväkodissa kokkina 2 vuotta.",
        "Han har jobbat som kock på ett daghem.",
        "Worked as a cook in a kindergarten.",
    ],
)
def test_a_workplace_beside_a_persons_work_is_where_it_was_done(taxonomy: Taxonomy, text: str) -> None:
    assert [mention.label for mention in extract(taxonomy, text)] == ["cook"]  # not a day care worker


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        # where the work is done, in the genitive: the work alone
        ("Työ sisältää keittiön siivousta.", ["perform cleaning duties"]),
        ("Haemme varaston keräilijää.", ["warehouse order picker"]),
        # a person in the genitive is who is asked for
        ("Edellytämme lähihoitajan lääkelupia.", ["nurse assistant", "administer prescribed medication"]),
        ("Vaatimuksena lähihoitajan tutkinto.", ["nurse assistant"]),
    ],
)
def test_a_workplace_in_the_genitive_says_where_the_work_named_after_it_is_done(
    taxonomy: Taxonomy, text: str, labels: list[str]
) -> None:
    assert [mention.label for mention in extract(taxonomy, text)] == labels


def test_short_words_and_language_alone_name_only_what_a_label_spells(taxonomy: Taxonomy) -> None:
    text = "Du har hygienpass, men också körkort. EA1 is a plus. Finnish language skills are not required."
    assert [mention.text for mention in extract(taxonomy, text)] == ["hygienpass", "körkort", "EA1", "Finnish"]
    # "some" of an English text is no Finnish "some" (social media)
    assert [mention.text for mention in extract(taxonomy, "I speak Arabic and some Finnish.")] == ["Arabic", "Finnish"]
    # "a good command of" a language is no commander
    assert [mention.text for mention in extract(taxonomy, "Good command of English.")] == ["English"]
    # the Finnish "sen" (its) is no English "SEN" (a state enrolled nurse)
    text = "Olen toiminut siivoojana kolme vuotta ja sen jälkeen kaupan kassalla."
    assert [mention.text for mention in extract(taxonomy, text)] == ["siivoojana", "kassalla"]


@pytest.mark.parametrize(
    ("text", "lang", "words", "strength"),
    [
        ("Hygieniapassi on välttämätön.", "fi", "Hygieniapassi", "required"),
        ("Odotamme sinulta hyvää suomen kielen taitoa.", "fi", "suomen kielen", "required"),
        ("Anniskelupassi on hyvä olla.", "fi", "Anniskelupassi", "nice_to_have"),
        ("Aiempaa kokemusta siivouksesta ei vaadita.", "fi", "siivouksesta", "mentioned"),
        ("Kokemusta ei vaadita, mutta trukkikortti on oltava.", "fi", "trukkikortti", "required"),
        ("Edellytämme työturvallisuuskorttia, tulityökorttia ja hygieniapassia.", "fi", "hygieniapassia", "required"),
        ("Vi förutsätter att du har truckkort.", "sv", "truckkort", "required"),
        ("Finnish language skills are not required but Swedish is a must.", "en", "Swedish", "required"),
        ("Finnish language skills are not required but Swedish is a must.", "en", "Finnish", "mentioned"),
        ("Svenska är inte ett krav men finska krävs.", "sv", "Svenska", "mentioned"),
        ("Kokemusta ei vaadita mutta trukkikortti on oltava.", "fi", "trukkikortti", "required"),
        ("Haemme kokkia, jolla on hygieniapassi.", "fi", "hygieniapassi", "required"),
        ("Haemme kokkia, jolla on hygieniapassi.", "fi", "kokkia", "mentioned"),
        ("We are looking for a cook who has a hygiene passport.", "en", "hygiene passport", "required"),
        ("We are looking for a cook who has a hygiene passport.", "en", "cook", "mentioned"),
        ("Vi söker en kock som har hygienpass.", "sv", "hygienpass", "required"),
        # the person sought "with" something, or who has it
        ("We are hiring bus drivers with a D licence and first aid skills.", "en", "first aid", "required"),
        ("We are hiring bus drivers with a D licence and professional competence.", "en", "bus drivers", "mentioned"),
        ("Vi söker en erfaren lastbilschaufför med CE-körkort.", "sv", "CE-körkort", "required"),
        ("Haemme trukkikortillista varastotyöntekijää.", "fi", "trukkikortillista", "required"),
        ("Olen trukkikortillinen.", "fi", "trukkikortillinen", "mentioned"),  # a person's own
        ("Bus drivers work with a D licence.", "en", "D licence", "mentioned"),  # nobody sought
        ("Det är en fördel om du har truckkort.", "sv", "truckkort", "nice_to_have"),
        ("Truckkort krävs inte.", "sv", "Truckkort", "mentioned"),
        ("No experience needed, forklift license required.", "en", "forklift license", "required"),
        ("Tulityökortti, työturvallisuuskortti ja tieturva ovat pakollisia.", "fi", "Tulityökortti", "required"),
        ("Valttikortti edellytetään.", "fi", "Valttikortti", "required"),
        ("Kokemus siivouksesta on eduksi, mutta ei välttämätöntä.", "fi", "siivouksesta", "nice_to_have"),
        ("Työhön valitun on esitettävä rikostaustaote.", "fi", "rikostaustaote", "required"),
        ("Hygieniapassi on hankittava ennen töiden alkua.", "fi", "Hygieniapassi", "required"),
        ("Edellytämme anniskelupassia (tarjoilijalta).", "fi", "anniskelupassia", "required"),
        ("Edellytämme anniskelupassia (tarjoilijalta).", "fi", "tarjoilijalta", "mentioned"),
        ("Edellytämme kokemusta rakennusalalta.", "fi", "rakennusalalta", "required"),  # a field, not whom
        ("Du ska kunna dela ut mediciner.", "sv", "dela ut mediciner", "required"),
        ("Du behöver inte ha truckkort, vi utbildar dig.", "sv", "truckkort", "mentioned"),
        ("Työssä tarvitset B-ajokortin.", "fi", "B-ajokortin", "required"),
        ("Kokemus hoitotyöstä on tärkeää.", "fi", "hoitotyöstä", "nice_to_have"),
        ("Experience in customer service is important.", "en", "customer service", "nice_to_have"),
        ("You don't need experience in cleaning.", "en", "cleaning", "mentioned"),
        ("Vi kräver körkort.", "sv", "körkort", "required"),
        # what follows a cue and a colon is asked as the cue says, though a later clause has its own
        ("Required: C1 licence, ADR certificate is an asset.", "en", "C1 licence", "required"),
        ("Required: C1 licence, ADR certificate is an asset.", "en", "ADR", "nice_to_have"),
        ("Eduksi: trukkikortti, hygieniapassi vaaditaan.", "fi", "trukkikortti", "nice_to_have"),
        ("Previous cleaning experience is an advantage but not required.", "en", "cleaning", "nice_to_have"),
        ("Behörighet: närvårdare eller motsvarande.", "sv", "närvårdare", "required"),
        ("Kelpoisuutena on lähihoitajan tutkinto.", "fi", "lähihoitajan", "required"),
        ("Du är utbildad barnskötare eller närvårdare.", "sv", "närvårdare", "required"),
        ("Olet koulutukseltasi kokki.", "fi", "kokki", "required"),
        ("You are a qualified electrician.", "en", "electrician", "required"),
        ("Englannin kielen perusteet ovat tarpeen.", "fi", "Englannin kielen", "required"),
        ("Työssä tarvitaan hygieniapassi.", "fi", "hygieniapassi", "required"),
        ("Olet suorittanut lähihoitajan tutkinnon.", "fi", "lähihoitajan", "required"),
        ("Knowledge of Swedish is considered an asset.", "en", "Swedish", "nice_to_have"),
        # a condition asks as the rest of its sentence does
        ("Olisi hyvä, jos sinulla on B-ajokortti.", "fi", "B-ajokortti", "nice_to_have"),
        ("Om du har truckkort är det en fördel.", "sv", "truckkort", "nice_to_have"),
        ("Jos sinulla on hygieniapassi, hae heti.", "fi", "hygieniapassi", "mentioned"),
        ("ADR-luvasta on hyötyä.", "fi", "ADR", "nice_to_have"),
        ("Valitun henkilön tulee esittää rikostaustaote.", "fi", "rikostaustaote", "required"),
        ("Rikostaustaote esitettävä ennen työn aloittamista.", "fi", "Rikostaustaote", "required"),
        ("Sinun pitää osata ruotsia.", "fi", "ruotsia", "required"),
        ("Hygieniapassi on, trukkikortti suunnitteilla.", "fi", "trukkikortti", None),
        ("Minulla on hygieniapassi, joka on vanhentunut.", "fi", "hygieniapassi", None),
        ("Hän on sähköasentaja, tutkinto ei ole tunnustettu.", "fi", "sähköasentaja", "mentioned"),
        ("Edellytämme täysi-ikäisyyttä (myynnin vuoksi) ja hygieniapassia.", "fi", "myynnin", "mentioned"),
        ("Edellytämme täysi-ikäisyyttä (myynnin vuoksi) ja hygieniapassia.", "fi", "hygieniapassia", "required"),
        ("Lääkehoidon osaaminen (LOVe) tulee olla suoritettuna.", "fi", "Lääkehoidon osaaminen", "required"),
        ("Työ on raskasta, joten hyvä fyysinen kunto on tarpeen.", "fi", "hyvä fyysinen kunto", "required"),
        ("Sinulla pitää olla hygieniapassi.", "fi", "hygieniapassi", "required"),
        ("Körkort är ett plus.", "sv", "Körkort", "nice_to_have"),
        ("Asiakaspalvelutaidot ovat tärkeitä.", "fi", "Asiakaspalvelutaidot", "nice_to_have"),
        # what gives the reason in a clause asking for something else
        ("Täysi-ikäisyys vaaditaan alkoholin myynnin vuoksi.", "fi", "myynnin", "mentioned"),
        ("Sinulta löytyy hygieniapassi.", "fi", "hygieniapassi", "required"),
        ("You bring a forklift licence.", "en", "forklift licence", "required"),
        ("Svenska krävs på grund av kundservice.", "sv", "kundservice", "mentioned"),
        ("Svenska krävs på grund av kundservice.", "sv", "Svenska", "required"),
        ("Svenska krävs, finska är en merit.", "sv", "finska", "nice_to_have"),
        ("Kvalifikationer: truckkort och B-körkort.", "sv", "truckkort", "required"),
        # what would be fine, is valued or comes first; what should be had
        ("Olisi hienoa, jos sinulla on B-ajokortti.", "fi", "B-ajokortti", "nice_to_have"),
        ("Trukkikortin omaava hakija on etusijalla.", "fi", "Trukkikortin", "nice_to_have"),
        ("Vi värdesätter erfarenhet av kundservice.", "sv", "kundservice", "nice_to_have"),
        ("A forklift licence would be beneficial.", "en", "forklift licence", "nice_to_have"),
        ("Sinulla tulisi olla trukkikortti.", "fi", "trukkikortti", "required"),
        ("Trukkikortti on hyödyllinen.", "fi", "Trukkikortti", "nice_to_have"),
        ("Voimassa oleva anniskelupassi on ehdoton.", "fi", "anniskelupassi", "required"),
        ("Hyvä suomen kielen taito on tarpeellinen.", "fi", "suomen kielen taito", "required"),
        ("We don't require Finnish language skills, but English is needed.", "en", "Finnish", "mentioned"),
        # a least level asked for
        ("Suomen kielen taito vähintään B1-tasolla.", "fi", "Suomen kielen taito", "required"),
        ("Minst två års erfarenhet av lagerarbete.", "sv", "lagerarbete", "required"),
        ("At least one year of experience in customer service.", "en", "customer service", "required"),
        ("Kokemus vähintään 2 vuotta siivouksesta katsotaan eduksi.", "fi", "siivouksesta", "nice_to_have"),
    ],
)
def test_a_mention_is_as_firm_as_its_clause_or_sentence_asks(
    taxonomy: Taxonomy, text: str, lang: str, words: str, strength: str | None
) -> None:
    found = {mention.text: mention.strength for mention in extract(taxonomy, text, lang)}
    assert found.get(words) == strength, found


def test_running_text_names_a_concept_by_its_own_name_and_reads_finnish_endings_only_in_finnish(
    taxonomy: Taxonomy,
) -> None:
    # "kitchen assistant" is the own name of one occupation and another's alternative label;
    # "kondition" (Swedish: fitness) would be a Finnish inflection of the Swedish "konditor".
    kitchen = "We are looking for a kitchen assistant and the kitchen is clean."
    assert [(m.text, m.label) for m in extract(taxonomy, kitchen)][:1] == [("kitchen assistant", "kitchen assistant")]
    # ... and by its other forms ("healthcare assistants" was a medical administrative assistant)
    plural = "We are hiring kitchen assistants and healthcare assistants."
    assert [m.label for m in extract(taxonomy, plural)] == ["kitchen assistant", "healthcare assistant"]
    fit = "Vi förutsätter att du har truckkort och god fysisk kondition."
    assert [m.label for m in extract(taxonomy, fit)] == ["forklift licence (trukkikortti)", "lift heavy weights"]
    assert [m.label for m in extract(taxonomy, "Kokemusta baristana kahvilassa.")][:1] == ["barista"]


def test_a_list_under_a_heading_is_asked_for_as_the_heading_says(taxonomy: Taxonomy) -> None:
    ad = "Etsimme siivoojaa.\nOdotamme sinulta:\n• B-ajokorttia\n• kokemusta siivouksesta\n"
    ad += "Tarjoamme:\n• hygieniapassikoulutuksen"
    found = {mention.text: mention.strength for mention in extract(taxonomy, ad, "fi")}
    # the offered course is no mention; a line that is no item ends the list
    assert found == {"siivoojaa": "mentioned", "B-ajokorttia": "required", "siivouksesta": "required"}
    for heading in ("Requirements:", "What we expect:", "Qualifications:", "What we require"):
        english = f"{heading}\n- valid forklift licence\n- basic English\nFinnish is a plus."
        found = {mention.text: mention.strength for mention in extract(taxonomy, english, "en")}
        assert found == {"forklift licence": "required", "English": "required", "Finnish": "nice_to_have"}
    after = "Tehtäviisi kuuluu:\n- keräily\n- pakkaus\nEdellytämme:\nTrukkikortti on eduksi."
    found = {mention.text: mention.strength for mention in extract(taxonomy, after, "fi")}
    assert found == {"keräily": "mentioned", "pakkaus": "mentioned", "Trukkikortti": "nice_to_have"}
    # a heading without a colon: any line a list follows
    plain = "Varastotyöntekijä, Kerava\nHakijalta edellytämme\n• trukkikorttia\nKatsomme eduksi\n- tieturvan\n"
    plain += "Mitä tarjoamme\n• perehdytyksen"
    found = {mention.text: mention.strength for mention in extract(taxonomy, plain, "fi")}
    # a name inside a line is read by no Finnish ending ("Kerava" is no Keras)
    assert found == {"Varastotyöntekijä": "mentioned", "trukkikorttia": "required", "tieturvan": "nice_to_have"}
    # ... or a question
    asked = "Mitä odotamme sinulta?\n- Kokemusta asiakaspalvelusta\nWhat do we expect?\n- Forklift licence"
    found = {mention.text: mention.strength for mention in extract(taxonomy, asked)}
    assert found == {"asiakaspalvelusta": "required", "Forklift licence": "required"}


def test_an_abbreviation_ends_no_sentence(taxonomy: Taxonomy) -> None:
    text = "Kelpoisuusvaatimus: soveltuva tutkinto, esim. lähihoitaja tai lastenohjaaja."
    found = {mention.text: mention.strength for mention in extract(taxonomy, text, "fi")}
    assert found == {"lähihoitaja": "required", "lastenohjaaja": "required"}
    # ... nor one inside a word shortened, and the short forms coaches write are read
    labels = {m.text: m.label for m in extract(taxonomy, "Kortit: hyg.passi, trukkik., EA1 voim. Kielet: suomi.")}
    assert labels == {
        "hyg.passi": "food hygiene passport (hygieniapassi)",
        "trukkik": "forklift licence (trukkikortti)",
        "EA1": "first aid certificate EA1",
        "suomi": "Finnish",
    }


def test_an_abbreviation_of_two_letters_in_capitals_names_its_concept(taxonomy: Taxonomy) -> None:
    found = [m.label for m in extract(taxonomy, "Haemme SH:ta ja LH:ta vuorotyöhön. Lähetä CV ja hakemus.")]
    assert found == ["nurse responsible for general care", "nurse assistant", "work in shifts"]
    # in lower case, or of other things, two letters name nothing
    assert [m.label for m in extract(taxonomy, "Etsimme sijaisia: sh, lh. EU citizens welcome, send your CV.")] == []


def test_an_everyday_word_that_esco_hides_as_a_product_name_names_nothing(taxonomy: Taxonomy) -> None:
    """Set aside: "brownie" and "truffle" are blockchain frameworks among ESCO's hidden labels."""
    found = extract(taxonomy, "Our cafe bakes brownies and truffles daily. You can stand long shifts.", lang="en")
    assert [m.label for m in found] == ["bake goods"]
