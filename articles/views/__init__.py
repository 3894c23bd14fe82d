"""The readers' site: ``fronts`` (home), ``listings`` (section, region, topic, author), ``article`` (the story page
and its preview), ``search`` and ``site`` (robots.txt, health check, error pages)."""
