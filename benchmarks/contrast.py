"""WCAG contrast of text on its background, as computed colours give them (`rgb(...)`,
`rgba(...)`): shared by the browser tests and the benchmarks that measure drawn diagrams."""

from __future__ import annotations

import re

LABEL_COLOURS = """() => {
  const out = [];
  const behind = (el, stop) => {
    for (; el && el !== stop; el = el.parentElement) {
      const c = getComputedStyle(el).backgroundColor;
      if (c && c !== 'rgba(0, 0, 0, 0)') return c;
    }
    return getComputedStyle(document.querySelector('.md-main')).backgroundColor;
  };
  for (const host of document.querySelectorAll('div.mermaid')) {
    const root = host.shadowRoot;
    for (const node of root.querySelectorAll('g.node')) {
      const shape = node.querySelector('rect.label-container, polygon, path, rect');
      // the innermost element holding the text: the theme colours the <p>, Mermaid the <span>
      const text = node.querySelector('.nodeLabel p') || node.querySelector('.nodeLabel');
      if (text) out.push({kind: 'node', text: text.textContent.trim(), fg: getComputedStyle(text).color,
                          bg: getComputedStyle(shape).fill});
    }
    for (const text of root.querySelectorAll('.edgeLabel p')) {
      if (text.textContent.trim()) out.push({kind: 'edge', text: text.textContent.trim(),
                                             fg: getComputedStyle(text).color, bg: behind(text, root)});
    }
  }
  return out;
}"""
"""Every label drawn in the page's diagrams (Material's shadow roots opened), with the colour it
is drawn in and the colour behind it."""


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
