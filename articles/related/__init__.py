"""Related stories: the ranking query (``ranking``) and the denormalised counts it reads (``index``)."""
