"""Taxonomy lookups over HTTP: autocomplete, batch normalisation, extraction from a job ad."""

from __future__ import annotations

from tests.harness import Api

AD = (
    "Haemme varastoon keräilijöitä. Edellytämme voimassa olevaa trukkikorttia ja työturvallisuuskorttia. "
    "Hygieniapassi katsotaan eduksi. Työ on kolmivuorotyötä ja sisältää keräilyä."
)


async def test_search_completes_what_a_coach_is_typing(api: Api) -> None:
    coach = await api.coach()
    response = await coach.get("/v1/taxonomy/search", params={"q": "trukki"})
    assert response.status_code == 200
    labels = [m["label"] for m in response.json()["matches"]]
    assert "forklift licence (trukkikortti)" in labels
    occupations = (await coach.get("/v1/taxonomy/search", params={"q": "lähihoitaja", "kind": "occupation"})).json()
    assert occupations["matches"][0]["label"] == "nurse assistant"
    assert {m["kind"] for m in occupations["matches"]} == {"occupation"}


async def test_normalize_keeps_every_term_and_lists_the_unknown(api: Api) -> None:
    recruiter = await api.recruiter()
    response = await recruiter.post(
        "/v1/taxonomy/normalize", {"terms": ["B-kortti", "kokemusta asiakaspalvelusta", "zorblax"], "lang": "fi"}
    )
    assert response.status_code == 200
    body = response.json()
    assert [r["text"] for r in body["results"]] == ["B-kortti", "kokemusta asiakaspalvelusta", "zorblax"]
    assert body["results"][0]["match"]["uri"] == "urn:kohtaanto:licence:b"
    assert body["results"][1]["match"]["label"] == "customer service"
    assert body["unmatched"] == ["zorblax"]


async def test_extract_finds_mentions_with_spans_and_strength(api: Api) -> None:
    recruiter = await api.recruiter()
    response = await recruiter.post("/v1/taxonomy/extract", {"text": AD})
    assert response.status_code == 200
    mentions = {m["label"]: m for m in response.json()["mentions"]}
    card = mentions["forklift licence (trukkikortti)"]
    assert AD[card["start"] : card["end"]] == card["text"] == "trukkikorttia"
    assert card["strength"] == "required"
    assert mentions["food hygiene passport (hygieniapassi)"]["strength"] == "nice_to_have"
    assert mentions["work in shifts"]["strength"] == "mentioned"
    assert mentions["pick orders for dispatching"]["kind"] == "skill"


async def test_lookups_need_a_token_and_valid_input(api: Api) -> None:
    assert (await api.client.get("/v1/taxonomy/search", params={"q": "x"})).status_code == 401
    coach = await api.coach()
    assert (await coach.get("/v1/taxonomy/search")).status_code == 400
    assert (await coach.get("/v1/taxonomy/search", params={"q": "x", "kind": "planet"})).status_code == 400
    assert (await coach.post("/v1/taxonomy/normalize", {"terms": []})).status_code == 400
    assert (await coach.post("/v1/taxonomy/extract", {"text": "", "lang": "fi"})).status_code == 400
