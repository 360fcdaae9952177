"""One site over many repositories' decision logs: `sources` reads their exports (or
checkouts) into a `Catalogue`, `pages` makes its pages for the page set (`site.build_site`)."""

from tradeoffs.site.catalogue.pages import CatalogueLayout, CataloguePages
from tradeoffs.site.catalogue.sources import Catalogue, CatalogueDecision, CatalogueSource, load_catalogue

__all__ = [
    "Catalogue",
    "CatalogueDecision",
    "CatalogueLayout",
    "CataloguePages",
    "CatalogueSource",
    "load_catalogue",
]
