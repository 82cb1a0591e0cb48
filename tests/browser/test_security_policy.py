"""The Content-Security-Policy in real Chromium: inline code is refused, the API docs load locally."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.async_api import Browser, Page, Request, expect

from tests.browser.conftest import CspWatch


def requests_of(page: Page) -> list[str]:
    """Every address the page asks for from now on, in order."""
    urls: list[str] = []

    def record(request: Request) -> None:
        urls.append(request.url)

    page.on("request", record)
    return urls


class TestInlineCodeIsRefused:
    """Script slipped into the web chat or the panel does not run."""

    async def test_an_injected_inline_script_does_not_run(
        self, browser: Browser, served: str, csp: CspWatch
    ) -> None:
        for path in ("/chat", "/panel/login"):
            page = await browser.new_page()
            await page.goto(f"{served}{path}")
            await page.evaluate(
                """() => {
                    const script = document.createElement("script");
                    script.textContent = "window.injected = true";
                    document.head.appendChild(script);
                }"""
            )
            assert await page.evaluate("window.injected === undefined"), path
            await page.close()
        assert csp.violations, "Chromium reported the refused script"
        csp.violations.clear()  # expected: the browser fixture fails on any other


class TestApiDocs:
    """Swagger UI and ReDoc draw the API from this site's files alone."""

    async def test_swagger_ui(self, browser: Browser, served: str) -> None:
        page = await browser.new_page()
        urls = requests_of(page)
        await page.goto(f"{served}/docs")
        await expect(page.locator(".opblock-summary-path").first).to_be_visible()
        await expect(page.get_by_text("/api/v1/complaints", exact=True).first).to_be_visible()
        hosts = {urlsplit(url).netloc for url in urls if not url.startswith("data:")}
        assert hosts == {urlsplit(served).netloc}

    async def test_redoc(self, browser: Browser, served: str) -> None:
        page = await browser.new_page()
        urls = requests_of(page)
        await page.goto(f"{served}/redoc")
        heading = page.locator("h2", has_text="Sign in and get a bearer token")
        await expect(heading).to_be_visible()
        local = urlsplit(served).netloc
        elsewhere = [url for url in urls if urlsplit(url).netloc not in (local, "")]
        # Only ReDoc's footer logo is asked for elsewhere, and the policy blocks it.
        assert all(url in CspWatch.KNOWN for url in elsewhere), elsewhere
