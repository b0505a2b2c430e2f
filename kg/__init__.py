"""kg: news articles → knowledge graph of political actors and relations.

The library API a notebook calls; the ``kg`` command is a thin layer over it. The DataFrame helpers
(:func:`to_frame`, :func:`statements_frame`, :func:`events_frame`, :func:`actors_frame`) need pandas and are
imported on first use, so ``import kg`` stays light.
"""

from .model import Actor, Article, Statement

__all__ = ["Actor", "Article", "Statement", "to_frame", "statements_frame", "events_frame", "actors_frame"]
__version__ = "0.2.0"

_FRAMES = {"to_frame", "statements_frame", "events_frame", "actors_frame"}


def __getattr__(name: str):
    if name in _FRAMES:
        from . import frames

        return getattr(frames, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
