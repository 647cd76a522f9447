"""Machine-translation suggestions for the interpreters, from a LibreTranslate-compatible API.

Configured by ``MACHINE_TRANSLATION_URL`` (and ``MACHINE_TRANSLATION_KEY`` where the service
wants one). A suggestion only pre-fills the interpreter's form: nothing is stored until a helper
confirms or corrects it (``services.card_translate``). Without a provider, or when it does not
answer in time or answers nonsense, there is no suggestion and everything else works the same.
"""

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 3
MAX_ANSWER_BYTES = 64 * 1024


def is_configured() -> bool:
    return bool(getattr(settings, "MACHINE_TRANSLATION_URL", ""))


def suggest(text: str, source: str, target: str) -> str | None:
    """The provider's translation of ``text`` from ``source`` into ``target``, or None (no
    provider, no answer within TIMEOUT_SECONDS, an error, or an answer without a text)."""
    base = getattr(settings, "MACHINE_TRANSLATION_URL", "")
    if not base or not text.strip() or source == target:
        return None
    if not base.startswith(("http://", "https://")):
        logger.warning("MACHINE_TRANSLATION_URL is not an http(s) address: no suggestions")
        return None
    body = {"q": text, "source": source, "target": target, "format": "text"}
    key = getattr(settings, "MACHINE_TRANSLATION_KEY", "")
    if key:
        body["api_key"] = key
    request = urllib.request.Request(  # noqa: S310 (http or https, checked above)
        base.rstrip("/") + "/translate",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = json.loads(response.read(MAX_ANSWER_BYTES + 1)[:MAX_ANSWER_BYTES])
    except (OSError, ValueError) as error:  # URLError, HTTPError and timeouts are OSErrors
        logger.warning("machine translation %s→%s failed: %s", source, target, error)
        return None
    translated = answer.get("translatedText") if isinstance(answer, dict) else None
    if not isinstance(translated, str) or not translated.strip():
        logger.warning("machine translation %s→%s: no translatedText in the answer", source, target)
        return None
    return translated.strip()
