"""Actors: who is named in a sentence, resolved to CAMEO actor codes.

``ActorResolver`` holds the knowledge base (countries, demonyms, capitals and metonyms, IGOs,
armed groups, titles, people with dated roles, the user's dictionary); ``new_context`` gives
one ``ArticleContext`` per article, which resolves sentences in order and keeps the
coreference state ("Putin" ... "the Russian leader" ... "he").
"""

from communique.actors.kb import Entry, KnowledgeBase, user_dictionary_path
from communique.actors.resolver import ActorResolver, ArticleContext, SentenceActors

__all__ = [
    "ActorResolver",
    "ArticleContext",
    "Entry",
    "KnowledgeBase",
    "SentenceActors",
    "user_dictionary_path",
]
