"""The ``communique`` command line."""
