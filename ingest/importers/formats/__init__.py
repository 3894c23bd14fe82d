"""One parser per format, each with ``sniff(head)`` and ``parse(path, name=...)``; ``shared`` holds what they
have in common (text clean-up, dates, guids, item errors), ``xmlsafe`` and ``jsonstream`` the safe readers."""
