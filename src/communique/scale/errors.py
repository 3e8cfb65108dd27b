"""Errors of the Ray engine, in a module of their own: the package raises them without
importing Ray, and the engine imports them without importing the package's entry points."""


class RayConnectError(RuntimeError):
    """The Ray cluster named by ``--address`` could not be joined."""
