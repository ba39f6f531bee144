"""Candidate profiles: recognition of terms, partial updates, listing."""

from __future__ import annotations

from tests.harness import Api, candidate_body, created


async def test_terms_are_recognised_and_unknown_ones_kept(api: Api) -> None:
    coach = await api.coach()
    candidate = await created(
        await coach.post(
            "/v1/candidates", candidate_body(skills=["asiakaspalvelu", "custmer servise", "forklift", "qwzx-taito"])
        )
    )
    labels = [s["label"] for s in candidate["skills"]]
    assert labels == ["customer service", "customer service", "operate forklift", None]
    assert candidate["unmatched_terms"] == ["qwzx-taito"]
    assert candidate["occupations"][0]["label"] == "warehouse worker"
    assert candidate["occupations"][0]["kind"] == "occupation"


async def test_a_term_listing_several_things_becomes_one_term_each(api: Api) -> None:
    coach = await api.coach()
    typed = [
        "trukkikortti ja hygieniapassi",
        "Arabia, englanti",
        "hygieniapassi",
        "ohjelmointi python",
        "siivous ja qwzx",
        "ajokortti B/C",
        "siivous qwzx",
    ]
    candidate = await created(await coach.post("/v1/candidates", candidate_body(skills=typed)))
    found = [(s["text"], s["label"]) for s in candidate["skills"]]
    assert found[:6] == [
        ("trukkikortti", "forklift licence (trukkikortti)"),
        ("hygieniapassi", "food hygiene passport (hygieniapassi)"),
        ("Arabia", "Arabic"),
        ("englanti", "English"),
        ("ohjelmointi", "computer programming"),  # no separator, but each word names a skill outright
        ("python", "Python (computer programming)"),
    ]
    # An item nothing names keeps the term whole (and seen); a licence's classes are each a licence.
    assert [text for text, _ in found[6:]] == ["siivous ja qwzx", "ajokortti B", "ajokortti C", "siivous qwzx"]
    assert [label for _, label in found[7:9]] == ["driving licence B", "driving licence C"]


async def test_partial_update_keeps_other_fields(api: Api) -> None:
    coach = await api.coach()
    candidate = await created(await coach.post("/v1/candidates", candidate_body(work_capacity_note="Ei yötöitä")))
    response = await coach.patch(
        f"/v1/candidates/{candidate['id']}",
        {"skills": ["siivous"], "max_commute_km": None, "coordinates": {"lat": 61.5, "lon": 23.8}},
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert [s["label"] for s in updated["skills"]] == ["perform cleaning duties"]
    assert updated["max_commute_km"] is None
    assert updated["coordinates"] == {"lat": 61.5, "lon": 23.8}
    assert updated["work_capacity_note"] == "Ei yötöitä"
    assert updated["case_ref"] == candidate["case_ref"]
    assert updated["updated_at"] > candidate["updated_at"]
    reread = (await coach.get(f"/v1/candidates/{candidate['id']}")).json()
    assert reread == updated


async def test_listing_pages_through_the_organisations_candidates(api: Api) -> None:
    coach = await api.coach()
    ids = [
        (await created(await coach.post("/v1/candidates", candidate_body(case_ref=f"TRE-{i}"))))["id"] for i in range(5)
    ]
    first = (await coach.get("/v1/candidates", params={"limit": 2})).json()
    rest = (await coach.get("/v1/candidates", params={"limit": 10, "offset": 2})).json()
    assert first["total"] == 5
    assert [c["id"] for c in first["items"] + rest["items"]] == ids
