"""Decisions in pull requests: check, numbering, scaffolding, init, lifecycle edits, review."""
