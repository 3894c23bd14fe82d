"""Syndication: the Feed classes (``views``), the RSS, Atom and JSON Feed writers (``formats``), the addresses (``urls``)."""
