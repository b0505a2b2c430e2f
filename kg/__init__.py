"""kg: news articles → knowledge graph of political actors and relations.

The library API a notebook calls; the ``kg`` command is a thin layer over it.
"""

from .model import Actor, Article, Statement

__all__ = ["Actor", "Article", "Statement"]
__version__ = "0.1.0"
