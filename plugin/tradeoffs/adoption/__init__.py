"""Bringing Markdown ADRs in (import) and taking the log out (export)."""

EXPORTED_DECISION = "tradeoffs-decision"
"""The front matter key of an exported page's exact text (in its sidecar, `core.export_sidecar`;
in the page itself before pages were plain MADR) that holds the decision file it was made
from, so `tradeoffs import` of an export gives back the same decision."""
