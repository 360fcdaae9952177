"""Decisions for coding agents: a compact, size-bounded context (`tradeoffs context`) and a
read-only MCP server (`tradeoffs mcp`)."""
