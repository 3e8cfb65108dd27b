"""The coder: one article in, a CodedArticle out, running every stage in order."""

from communique.pipeline.coder import Coder

__all__ = ["Coder"]
