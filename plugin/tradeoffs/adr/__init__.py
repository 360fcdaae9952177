"""ADR pages: the context templates receive, the Jinja2 templates, the HTML blocks."""
