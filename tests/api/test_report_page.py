"""The weekly page and its exports, over HTTP (the browser test is in tests/browser)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import openpyxl

from matcher.domain.enums import Role
from tests.harness import Api, candidate_body, created, interviewed, vacancy_body

SECTIONS = ("headline", "needs", "funnel", "reasons", "skills", "outcomes", "fairness", "trend", "unknown", "exports")


async def _week_with_referrals(api: Api, hires: int, not_hired: int) -> None:
    for n in range(hires + not_hired):
        _, recruiter, referral = await interviewed(api, days_ago=0)
        body = {"outcome": "hired"} if n < hires else {"outcome": "not_hired", "reasons": ["language"]}
        assert (await recruiter.post(f"/v1/referrals/{referral}/outcome", body)).status_code == 200


async def test_the_page_needs_a_signed_in_team_member(api: Api) -> None:
    away = await api.client.get("/reports/weekly")
    assert away.status_code == 303
    assert away.headers["location"] == "/login?next=/reports/weekly"
    assert (await api.client.post("/login", data={"token": "nope", "next": "/reports/weekly"})).status_code == 401
    recruiter = await api.recruiter()
    assert (await api.client.get("/reports/weekly", headers=recruiter.headers)).status_code == 403
    team = await api.user("tampere", Role.TEAM)
    signed_in = await api.client.post("/login", data={"token": team.token, "next": "//evil.example/"})
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/reports/weekly"  # never off the site
    assert "httponly" in signed_in.headers["set-cookie"].lower()
    assert "samesite=strict" in signed_in.headers["set-cookie"].lower()
    page = await api.client.get("/reports/weekly")  # the cookie from the sign-in
    assert page.status_code == 200
    # The cookie is for reading pages only: the API's writes still need the header.
    assert (await api.client.post("/v1/candidates", json={})).status_code == 401


async def test_the_page_shows_every_section_with_charts_and_no_person(api: Api) -> None:
    await _week_with_referrals(api, hires=5, not_hired=2)
    team = await api.user("tampere", Role.TEAM)
    page = await api.client.get("/reports/weekly", headers=team.headers)
    assert page.status_code == 200
    html = page.text
    for section in SECTIONS:
        assert f'<section id="{section}">' in html
    assert html.count("<svg ") >= 3  # trend, funnel, skills (reasons are all below five)
    assert 'role="img" aria-label=' in html
    for external in ('src="http', 'href="http', "url(http", "<script"):  # nothing fetched, nothing run
        assert external not in html
    assert "Rekrytiimin viikkoraportti" in html
    assert "&lt; 5" in html  # two non-hires: suppressed
    assert 'id="tile-hires"><div>Palkatut</div>\n      <div class="n">5</div>' in html
    for private in ("TRE-2026-0412", "asiakaspalvelu"):
        assert private not in html
    swedish = await api.client.get("/reports/weekly", params={"lang": "sv"}, headers=team.headers)
    assert "Rekryteringsteamets veckorapport" in swedish.text
    english = await api.client.get("/reports/weekly", params={"lang": "en"}, headers=team.headers)
    assert "Recruitment team weekly report" in english.text
    bad = await api.client.get("/reports/weekly", params={"lang": "de"}, headers=team.headers)
    assert bad.status_code == 400


async def test_exports_carry_the_same_figures(api: Api) -> None:
    await _week_with_referrals(api, hires=5, not_hired=1)
    team = await api.user("tampere", Role.TEAM)
    as_csv = await team.get("/v1/reports/weekly", params={"format": "csv", "lang": "en"})
    assert as_csv.status_code == 200
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert ["headline", "Hires", "5"] in rows
    assert ["reasons", "Language", "< 5"] in rows
    as_xlsx = await team.get("/v1/reports/weekly", params={"format": "xlsx"})
    assert "attachment" in as_xlsx.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(as_xlsx.content))
    assert book.sheetnames == [
        "headline",
        "needs",
        "funnel",
        "reasons",
        "skills",
        "outcomes",
        "fairness",
        "unanswered",
        "unknown_terms",
    ]
    hires = [row for row in book["headline"].iter_rows(values_only=True) if row[0] == "Palkatut"]
    assert hires == [("Palkatut", 5)]
    as_json = (await team.get("/v1/reports/weekly", params={"format": "json", "lang": "en"})).json()
    assert {"Hires": 5}.items() <= {
        r["The week in figures"]: r["Count"] for r in as_json["sections"]["headline"]
    }.items()
    assert (await team.get("/v1/reports/weekly", params={"format": "pdf"})).status_code == 400


async def test_skills_supply_counts_only_job_seekers_still_in_the_service(api: Api) -> None:
    coach = await api.coach()
    recruiter = await api.recruiter()
    assert (await recruiter.post("/v1/vacancies", vacancy_body())).status_code == 201
    ids = [(await created(await coach.post("/v1/candidates", candidate_body())))["id"] for _ in range(3)]
    ten_days_ago = (date.today() - timedelta(days=10)).isoformat()
    ended = await coach.patch(f"/v1/candidates/{ids[0]}", {"service_ended_on": ten_days_ago})
    assert ended.status_code == 200
    team = await api.user("tampere", Role.TEAM)
    report = (await team.get("/v1/reports/weekly")).json()
    [forklift] = [gap for gap in report["skills_gap"] if gap["vacancies"] == 1]
    assert forklift["candidates"] == 2  # the profile whose service ended no longer counts
