"""Bringing Markdown ADRs in (import) and taking the log out (export)."""

EXPORTED_DECISION = "tradeoffs-decision"
"""The front matter key of an exported page that holds the decision file it was made from, so
`tradeoffs import` of an export gives back the same decision (other tools ignore the key)."""
