"""Browser tests: Playwright drives Debian's Chromium against the real ASGI application.

uvicorn serves it in a thread of the test process, so HTTP, static files and websockets are the
real ones, and axe-core checks every page against WCAG 2.1 AA. Every page is watched for
Content-Security-Policy violations, which fail the test."""

import os
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cohesion.demo.services import DEMO_PASSWORD

# Playwright's sync API keeps an event loop in the test thread; the ORM calls the tests make there
# (fixtures) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("COHESION_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: "
            "run 'make test' (it installs it) or apt-get install chromium"
        )
    if not AXE.exists():
        pytest.fail("axe-core is missing: run 'make test' (it installs it) or 'npm ci'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def asgi_server(transactional_db):
    """The ASGI application under uvicorn on a free port, for one test."""
    import uvicorn

    from cohesion.asgi import application

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            application, host="127.0.0.1", port=port, lifespan="off", log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def demo(transactional_db):
    from django.db import connections

    from cohesion.demo.services import demo_load

    def load():
        # In a thread of its own: Playwright's event loop runs in this one, and the demo's
        # broadcasts need a thread without a running loop, as in a real request.
        try:
            demo_load()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as executor:
        executor.submit(load).result()


# Reports every Content-Security-Policy violation of every page to the test. Init scripts run
# before the page's own and are not subject to its policy.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cohesionCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${event.documentURI}`
    + (event.sourceFile ? ` (${event.sourceFile}:${event.lineNumber})` : "")
  );
});
"""


@pytest.fixture
def new_page(browser):
    """A page in a fresh browser context; the test fails when any page broke the
    Content-Security-Policy (a blocked script, style, connection or form)."""
    contexts = []
    violations: list[str] = []

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            violations.append(f"console: {message.text}")

    def make(width=1280, height=900, locale="de-DE"):
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
        contexts.append(context)
        context.expose_function("__cohesionCspViolation", lambda text: violations.append(text))
        context.add_init_script(script=REPORT_CSP_VIOLATIONS)
        page = context.new_page()
        page.on("console", on_console)
        return page

    yield make
    for context in contexts:
        context.close()
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations))


def check_accessibility(page) -> None:
    """Zero axe-core violations of WCAG 2.1 A and AA on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's debugging protocol, which the page's policy does not
        # govern; a <script> tag with axe's code inline would be blocked (and reported) by it.
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_21_AA,
    )
    problems = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in violation["nodes"][:5]
        )
        for violation in result["violations"]
    ]
    assert problems == [], f"{page.url}:\n" + "\n".join(problems)


def log_in(page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")


def switch_language(page, language: str) -> None:
    """Choose the interface language with the switcher (kept on the account when logged in)."""
    if page.locator("html").get_attribute("lang") != language:
        page.locator("#language-select").select_option(language)
        page.locator(".language-switcher button").click()
        page.wait_for_load_state()


def assert_no_horizontal_overflow(page) -> None:
    """Nothing wider than the window: the page works at 360 px without sideways scrolling."""
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def in_thread(function):
    """Run ORM work or a service outside Playwright's event loop and return its result: the
    service's broadcasts need a thread without one, as in a real request. The served application
    shares the test's database (uvicorn runs in this process), so what it stores is seen there."""
    from django.db import connections

    def run():
        try:
            return function()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(run).result()


def join_workshop(page, base_url: str, code: str, language: str, group: str = "") -> None:
    """A phone joins the workshop room by its code, in ``language`` and, with consent, naming a
    stakeholder ``group``; it waits until the live connection has sent its snapshot (which
    carries no fallback key), so answers and cards go over the websocket."""
    page.goto(f"{base_url}/c/w/{code}/")
    page.wait_for_url("**/join/")
    page.locator("#id_language").select_option(language)
    if group:
        page.locator("#id_group").select_option(group)
        page.locator("#id_group_consent").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/c/w/{code}/")
    page.wait_for_selector("#workshop-items input[name=key]", state="detached")


KERPEN = "05362032"


SOLINGEN = "05122000"


def solingen_without_workshop():
    """Solingen's process, whose workshop is still to come (Kerpen's is done, and its moderator
    edits it no longer), with the demo's upcoming workshop removed, so that a test's workshop
    starts from the template in an empty room."""
    from cohesion.processes.models import Process
    from cohesion.workshops.models import Workshop

    process = Process.objects.get(municipality__ags=SOLINGEN)
    in_thread(lambda: Workshop.objects.filter(process=process).delete())
    return process
