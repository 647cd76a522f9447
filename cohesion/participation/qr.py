"""QR codes of join addresses, as SVG (segno): sharp on a projector at any size, and small."""

import io

import segno


def qr_svg(url: str, *, title: str = "") -> bytes:
    """A standalone SVG document; error correction M survives a projector's glare and a
    phone held at an angle."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="svg", scale=8, border=4, title=title or None
    )
    return buffer.getvalue()
