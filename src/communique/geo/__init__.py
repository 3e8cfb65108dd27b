"""Event location: a packaged offline gazetteer and a parse-based locator.

    gaz = Gazetteer.load()          # built once per process
    gaz.lookup("Kiev")              # -> Location(name="Kyiv", country="UKR", ...)
    gaz.locate(doc, pub_country=None, actors=None)   # where the sentence's event happened
"""

from communique.geo.gazetteer import Gazetteer
from communique.geo.places import Place
from communique.model import Location

__all__ = ["Gazetteer", "Location", "Place"]
