"""The browser tests' watch for Content-Security-Policy violations sees one when it happens (so
that the silence of the other tests means something)."""

from tests.browser.conftest import REPORT_CSP_VIOLATIONS

# A second listener, registered after the reporting one, that the test can wait for.
COUNT_VIOLATIONS = """
window.__violations = 0;
document.addEventListener("securitypolicyviolation", () => { window.__violations += 1; });
"""


def test_an_inline_script_is_blocked_and_reported(asgi_server, browser):
    context = browser.new_context()
    seen: list[str] = []
    context.expose_function("__cohesionCspViolation", lambda text: seen.append(text))
    context.add_init_script(script=REPORT_CSP_VIOLATIONS)
    context.add_init_script(script=COUNT_VIOLATIONS)
    page = context.new_page()
    try:
        page.goto(f"{asgi_server}/accounts/login/")
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.injected = true";
                document.body.appendChild(script);
            }"""
        )
        page.wait_for_function("() => window.__violations > 0")
        assert page.evaluate("() => window.injected === undefined")
    finally:
        context.close()
    assert any(violation.startswith("script-src") for violation in seen), seen
