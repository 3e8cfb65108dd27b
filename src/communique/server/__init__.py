"""HTTP API (FastAPI, OpenAPI at /openapi.json, offline docs at /docs) and the web UI."""

from communique.server.app import create_app

__all__ = ["create_app"]
