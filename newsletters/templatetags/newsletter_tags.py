"""The sign-up forms' signed stamp (when the form was drawn: newsletters.signup's minimum time). No query."""

from django import template

from newsletters import tokens

register = template.Library()


@register.simple_tag
def signup_stamp() -> str:
    return tokens.stamp()
