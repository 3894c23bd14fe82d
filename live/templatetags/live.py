from django import template

from live import reads

register = template.Library()


@register.simple_tag
def most_read():
    """The Most read block's stories: one cache read and one query (``live.reads.most_read``)."""
    return reads.most_read()
