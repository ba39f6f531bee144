"""The weekly page as the rekrytiimi sees it: a real `matcher serve` with demo data, in headless Chromium.

Debian's Chromium (`apt-get install chromium`, which the test command does when it can) is driven
by Playwright. The screenshot is kept in test-artifacts/.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import openpyxl
from playwright.async_api import ConsoleMessage, Route, async_playwright

from matcher.bench.servers import free_port
from tests.api.test_report_page import SECTIONS
from tests.integration.processes import environment, run, service, wait_for

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


async def test_the_team_reads_the_week_switches_language_and_downloads_the_figures(tmp_path: Path) -> None:
    assert CHROMIUM is not None, "install Debian's chromium package (scripts/test does when it can)"
    env = environment(database_url=f"sqlite:///{tmp_path / 'k.db'}")
    seeded = run("demo", env=env)
    assert seeded.returncode == 0, seeded.stderr
    [team] = [line.split()[-1] for line in seeded.stdout.splitlines() if line.strip().startswith("demo-team")]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            problems.append(f"{message.type}: {message.text}")

    with service("serve", "--port", str(port), env=env, log=tmp_path / "serve.log") as server:
        wait_for(f"{base}/health", server, tmp_path / "serve.log")
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            context = await browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 900})
            page = await context.new_page()
            page.on("console", console)
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url}"))

            await page.goto(f"{base}/reports/weekly")
            assert page.url.startswith(f"{base}/login")  # not signed in yet
            await page.fill("#token", team)
            await page.click("button[type=submit]")
            await page.wait_for_url(f"{base}/reports/weekly")
            assert (await page.title()).startswith("Rekrytiimin viikkoraportti 20")
            assert await page.inner_text("h1") == "Rekrytiimin viikkoraportti"
            for section in SECTIONS:
                assert await page.locator(f"section#{section}").is_visible()
            charts = page.locator("figure svg[role=img]")
            assert await charts.count() >= 2
            assert await page.locator("#table-needs tbody tr").count() >= 1
            await page.screenshot(path=str(ARTIFACTS / "weekly-report-fi.png"), full_page=True)

            await page.click("#lang-sv")
            await page.wait_for_url("**lang=sv")
            assert await page.inner_text("h1") == "Rekryteringsteamets veckorapport"
            await page.click("#lang-en")
            assert await page.inner_text("h1") == "Recruitment team weekly report"
            await page.screenshot(path=str(ARTIFACTS / "weekly-report-en.png"), full_page=True)

            async with page.expect_download() as xlsx_download:
                await page.click("#export-xlsx")
            saved = tmp_path / "week.xlsx"
            await (await xlsx_download.value).save_as(saved)
            book = openpyxl.load_workbook(saved)
            headline = {row[0]: row[1] for row in book["headline"].iter_rows(min_row=2, values_only=True)}
            assert "Open vacancies" in headline
            shown = await page.inner_text("#tile-open_vacancies .n")
            assert str(headline["Open vacancies"]) == shown  # the same figure on the page and in the file

            async with page.expect_download() as csv_download:
                await page.click("#export-csv")
            text = (await asyncio.to_thread(Path(await (await csv_download.value).path()).read_bytes)).decode(
                "utf-8-sig"
            )
            assert text.startswith("week,")
            async with page.expect_download() as json_download:
                await page.click("#export-json")
            assert b'"sections"' in await asyncio.to_thread(Path(await (await json_download.value).path()).read_bytes)
            await browser.close()
    assert problems == []


async def test_the_api_viewer_works_without_the_internet(tmp_path: Path) -> None:
    assert CHROMIUM is not None, "install Debian's chromium package (scripts/test does when it can)"
    env = environment(database_url=f"sqlite:///{tmp_path / 'k.db'}")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    elsewhere: list[str] = []
    with service("serve", "--port", str(port), env=env, log=tmp_path / "serve.log") as server:
        wait_for(f"{base}/health", server, tmp_path / "serve.log")
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = await browser.new_page()

            async def local_only(route: Route) -> None:
                if route.request.url.startswith(base):
                    await route.continue_()
                else:
                    elsewhere.append(route.request.url)
                    await route.abort()

            await page.route("**/*", local_only)
            await page.goto(f"{base}/docs")
            await page.wait_for_selector(".swagger-ui .info .title")
            assert (await page.inner_text(".swagger-ui .info .title")).startswith("Kohtaanto")
            assert await page.locator(".opblock").count() > 20  # the routes, rendered from the schema
            await browser.close()
    assert elsewhere == []
