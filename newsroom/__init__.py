"""Newsroom: the composition (settings, urls) and the shared bottom layer every app builds on."""

__version__ = "0.2.0"
