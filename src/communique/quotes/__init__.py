"""Direct and reported quotes with their speakers.

``extract_quotes`` works on one sentence; ``QuoteContext`` (one per article) follows a
quotation the sentence splitter cut into several sentences and shares its speaker.
"""

from communique.quotes.extract import QuoteContext, extract_quotes

__all__ = ["QuoteContext", "extract_quotes"]
