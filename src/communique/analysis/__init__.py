"""Analysis over the store: dyad time series, country networks, top actors, plots, reports."""

from communique.analysis.filters import EventFilter, FilterError
from communique.analysis.queries import (
    StoreUnavailable,
    cameo_breakdown,
    country_network,
    dyad_series,
    get_article,
    open_readonly,
    search_events,
    summary,
    top_actors,
)

__all__ = [
    "EventFilter",
    "FilterError",
    "StoreUnavailable",
    "cameo_breakdown",
    "country_network",
    "dyad_series",
    "get_article",
    "open_readonly",
    "search_events",
    "summary",
    "top_actors",
]
