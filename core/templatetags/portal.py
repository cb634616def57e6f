"""Template tags shared by every app's pages: `{% load portal %}`."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


def _render_each(
    context: template.Context, template_name: str, bound_fields: tuple[Any, ...]
) -> SafeString:
    assert context.template is not None  # set while a template renders
    field_template = context.template.engine.get_template(template_name)
    parts = []
    for field in bound_fields:
        if field is not None and field != "":
            with context.push(field=field):
                parts.append(field_template.render(context))
    return mark_safe("".join(parts))  # noqa: S308 - rendered by an autoescaping template


@register.simple_tag(takes_context=True)
def fields(context: template.Context, *bound_fields: Any) -> SafeString:
    """Each field with includes/field.html (label, help, errors, control), in the order given.

    `{% fields form.title form.kind form.summary %}` stands for one include per field. A field the
    form does not have (such as `form.provider` for a user with one organisation) resolves to an
    empty value and is skipped.
    """
    return _render_each(context, "includes/field.html", bound_fields)


@register.simple_tag(takes_context=True)
def filter_fields(context: template.Context, *bound_fields: Any) -> SafeString:
    """Like `fields`, for a list's filters: includes/filter_field.html, without "(optional)"."""
    return _render_each(context, "includes/filter_field.html", bound_fields)


class TableRegionNode(template.Node):
    def __init__(self, nodelist: template.NodeList, labelledby: Any, table_class: Any) -> None:
        self.nodelist = nodelist
        self.labelledby = labelledby
        self.table_class = table_class

    def render(self, context: template.Context) -> SafeString:
        table_class = self.table_class.resolve(context) if self.table_class else ""
        return format_html(
            '<div class="table-wrap" role="region" tabindex="0" aria-labelledby="{}">\n'
            "<table{}>{}</table>\n</div>",
            self.labelledby.resolve(context),
            format_html(' class="{}"', table_class) if table_class else "",
            self.nodelist.render(context),
        )


@register.tag
def table_region(parser: template.base.Parser, token: template.base.Token) -> TableRegionNode:
    """A table in a region that scrolls sideways on a narrow screen and that keyboard users can
    reach (tabindex) and hear named (the id of its caption or heading):

        {% table_region labelledby="costs-title" class="ledger" %}
          <thead>...</thead><tbody>...</tbody>
        {% endtable_region %}
    """
    bits = token.split_contents()[1:]
    kwargs = template.base.token_kwargs(bits, parser)
    if bits or "labelledby" not in kwargs or set(kwargs) - {"labelledby", "class"}:
        raise template.TemplateSyntaxError(
            'Usage: {% table_region labelledby="<id>" [class="<classes>"] %}'
            "...{% endtable_region %}"
        )
    nodelist = parser.parse(("endtable_region",))
    parser.delete_first_token()
    return TableRegionNode(nodelist, kwargs["labelledby"], kwargs.get("class"))


@register.simple_tag
def toc(**sections: Any) -> SafeString:
    """The "On this page" list of a long page, one link per section, in the order given:

        {% toc overview=_("Overview") history=_("History") %}

    links to #overview and #history. A section whose label is empty (a variable set only when
    the section is shown) is left out.
    """
    items = format_html_join(
        "\n",
        '    <li><a href="#{}">{}</a></li>',
        ((a, label) for a, label in sections.items() if label),
    )
    return format_html(
        '<nav class="toc" aria-labelledby="toc-title">\n'
        '  <h2 id="toc-title" class="toc__title">{}</h2>\n  <ul>\n{}\n  </ul>\n</nav>',
        gettext("On this page"),
        items,
    )


class DetailSectionNode(template.Node):
    def __init__(self, nodelist: template.NodeList, anchor: Any, title: Any) -> None:
        self.nodelist = nodelist
        self.anchor = anchor
        self.title = title

    def render(self, context: template.Context) -> SafeString:
        return format_html(
            '<section id="{0}" class="detail-section" aria-labelledby="{0}-title">\n'
            '  <h2 id="{0}-title">{1}</h2>{2}</section>',
            self.anchor.resolve(context),
            self.title.resolve(context),
            self.nodelist.render(context),
        )


@register.tag
def detail_section(parser: template.base.Parser, token: template.base.Token) -> DetailSectionNode:
    """A section of a record's page, named by its heading, that `{% toc %}` can link to:

        {% detail_section "costs" _("Costs") %}...{% enddetail_section %}

    is <section id="costs"> with the <h2 id="costs-title"> that labels it.
    """
    bits = token.split_contents()[1:]
    if len(bits) != 2:
        raise template.TemplateSyntaxError(
            'Usage: {% detail_section "<anchor>" <title> %}...{% enddetail_section %}'
        )
    nodelist = parser.parse(("enddetail_section",))
    parser.delete_first_token()
    return DetailSectionNode(
        nodelist, parser.compile_filter(bits[0]), parser.compile_filter(bits[1])
    )
