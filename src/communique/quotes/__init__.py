"""Direct and reported quotes with their speakers."""

from communique.quotes.extract import extract_quotes

__all__ = ["extract_quotes"]
