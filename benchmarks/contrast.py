"""WCAG contrast of text on its background, as computed colours give them (`rgb(...)`,
`rgba(...)`): shared by the browser tests and the benchmarks that measure drawn diagrams (each
reads the colours its own way: the relation diagrams' boxes are HTML, see graph_browser.py)."""

from __future__ import annotations

import re


def _rgba(colour: str) -> tuple[float, float, float, float]:
    parts = [float(x) for x in re.findall(r"[\d.]+", colour)]
    return (parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0)


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast of text in `fg` (its alpha blended over `bg`) on `bg`."""
    fr, fg_, fb, alpha = _rgba(fg)
    br, bg_, bb, _ = _rgba(bg)
    blended = (fr * alpha + br * (1 - alpha), fg_ * alpha + bg_ * (1 - alpha), fb * alpha + bb * (1 - alpha))
    high, low = sorted([_luminance(blended), _luminance((br, bg_, bb))], reverse=True)
    return (high + 0.05) / (low + 0.05)
