"""The browser tests' watch for Content-Security-Policy violations sees one when it happens (so
that the silence of the other tests means something)."""

from tests.browser.conftest import REPORT_CSP_VIOLATIONS

# A second listener, registered after the reporting one, that marks the page for the test to
# wait on (with a selector: Playwright's string predicates use eval, which the policy blocks).
COUNT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", () => {
  document.documentElement.dataset.violated = "yes";
});
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
        page.locator("html[data-violated]").wait_for(state="attached")
        assert page.evaluate("() => window.injected === undefined")
    finally:
        context.close()
    assert any(violation.startswith("script-src") for violation in seen), seen
