"""Template tags shared by every app's pages: `{% load portal %}`."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def fields(context: template.Context, *bound_fields: Any) -> SafeString:
    """Each field with includes/field.html (label, help, errors, control), in the order given.

    `{% fields form.title form.kind form.summary %}` stands for one include per field. A field the
    form does not have (such as `form.provider` for a user with one organisation) resolves to an
    empty value and is skipped.
    """
    assert context.template is not None  # set while a template renders
    field_template = context.template.engine.get_template("includes/field.html")
    parts = []
    for field in bound_fields:
        if field is not None and field != "":
            with context.push(field=field):
                parts.append(field_template.render(context))
    return mark_safe("".join(parts))  # noqa: S308 - rendered by an autoescaping template
