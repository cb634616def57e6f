"""Template tags shared by every app's pages: `{% load portal %}`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django import template
from django.template.base import FilterExpression
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import smart_split
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
def field_row(context: template.Context, *bound_fields: Any) -> SafeString:
    """Like `fields`, the fields side by side on a wide screen: `{% field_row form.starts_on
    form.ends_on %}` is a <div class="field-row"> of them."""
    return format_html(
        '<div class="field-row">{}</div>',
        _render_each(context, "includes/field.html", bound_fields),
    )


@register.simple_tag(takes_context=True)
def filter_fields(context: template.Context, *bound_fields: Any) -> SafeString:
    """Like `fields`, for a list's filters: includes/filter_field.html, without "(optional)"."""
    return _render_each(context, "includes/filter_field.html", bound_fields)


class WrapperNode(template.Node):
    """A block tag: ``wrap`` puts the rendered content inside its markup, given the tag's
    arguments resolved in the context (None for one left out)."""

    def __init__(
        self,
        parser: template.base.Parser,
        end: str,
        wrap: Callable[..., SafeString],
        **arguments: FilterExpression | None,
    ) -> None:
        self.nodelist = parser.parse((end,))
        parser.delete_first_token()
        self.wrap = wrap
        self.arguments = arguments

    def render(self, context: template.Context) -> SafeString:
        values = {
            name: None if argument is None else argument.resolve(context)
            for name, argument in self.arguments.items()
        }
        return self.wrap(self.nodelist.render(context), **values)


def _table_region(content: str, labelledby: Any, table_class: Any) -> SafeString:
    return format_html(
        '<div class="table-wrap" role="region" tabindex="0" aria-labelledby="{}">\n'
        "<table{}>{}</table>\n</div>",
        labelledby,
        format_html(' class="{}"', table_class) if table_class else "",
        content,
    )


@register.tag
def table_region(parser: template.base.Parser, token: template.base.Token) -> WrapperNode:
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
    return WrapperNode(
        parser,
        "endtable_region",
        _table_region,
        labelledby=kwargs["labelledby"],
        table_class=kwargs.get("class"),
    )


@dataclasses.dataclass(eq=False)
class RecordsNode(template.Node):
    """``{% item_list %}`` and ``{% record_table %}``: ``row`` drawn once per record (the names
    bound to it, a tuple unpacked over several), laid out by ``layout``; or, with no records,
    what to say instead (``_nothing_listed``)."""

    child_nodelists = ("head", "row")

    records: FilterExpression
    names: list[str]
    options: dict[str, FilterExpression]
    row: template.NodeList
    layout: Callable[[str, str, dict[str, Any]], SafeString]
    head: template.NodeList | None = None

    def render(self, context: template.Context) -> SafeString:
        records = list(self.records.resolve(context) or [])
        option = {name: value.resolve(context) for name, value in self.options.items()}
        if not records:
            return _nothing_listed(context, option)
        parts = []
        for record in records:
            names = dict(zip(self.names, record, strict=True)) if len(self.names) > 1 else None
            with context.push(names or {self.names[0]: record}):
                parts.append(self.row.render(context))
        head = self.head.render(context) if self.head is not None else ""
        laid_out = self.layout(head, "".join(parts), option)
        if option.get("pages") is None:
            return laid_out
        return format_html("{}{}", laid_out, _pagination(context, option))


def _pagination(context: template.Context, option: dict[str, Any]) -> SafeString:
    """The links to the other pages of ``pages`` (includes/pagination.html), by the query
    parameter ``pages_param`` and named ``pages_label``."""
    assert context.template is not None  # set while a template renders
    links = context.template.engine.get_template("includes/pagination.html")
    values = {
        "page": option["pages"],
        "param": option.get("pages_param"),
        "label": option.get("pages_label"),
    }
    with context.push(values):
        return mark_safe(links.render(context))  # noqa: S308 - rendered by an autoescaping template


def _nothing_listed(context: template.Context, option: dict[str, Any]) -> SafeString:
    """What an empty list says: a muted note (``empty``), or the empty state of
    includes/empty.html (``empty_title``, ``empty_text``)."""
    if not option.get("empty_title"):
        return format_html('<p class="muted">{}</p>', option.get("empty", ""))
    assert context.template is not None  # set while a template renders
    empty = context.template.engine.get_template("includes/empty.html")
    with context.push(title=option["empty_title"], text=option.get("empty_text", "")):
        return mark_safe(empty.render(context))  # noqa: S308 - rendered by an autoescaping template


def _records_tag(
    parser: template.base.Parser, token: template.base.Token, usage: str
) -> tuple[FilterExpression, list[str], dict[str, FilterExpression]]:
    """``<records> as <name>[, <name>] [option=value...]``: the records, the names each binds
    and the options (class, labelledby, empty, empty_title, empty_text, pages, pages_param,
    pages_label)."""
    bits = token.split_contents()[1:]
    if len(bits) < 3 or bits[1] != "as":
        raise template.TemplateSyntaxError(usage)
    named = [bit for bit in bits[2:] if "=" not in bit]
    options_bits = bits[2 + len(named) :]
    names = " ".join(named).replace(",", " ").split()
    options = template.base.token_kwargs(options_bits, parser)
    allowed = {"class", "labelledby", "empty", "empty_title", "empty_text"}
    allowed |= {"pages", "pages_param", "pages_label"}
    if not names or options_bits or set(options) - allowed:
        raise template.TemplateSyntaxError(usage)
    return parser.compile_filter(bits[0]), names, options


def _item_list(head: str, rows: str, option: dict[str, Any]) -> SafeString:
    attributes = format_html_join(
        "",
        ' {}="{}"',
        (
            (attribute, option[name])
            for name, attribute in (("class", "class"), ("labelledby", "aria-labelledby"))
            if option.get(name)
        ),
    )
    return format_html("<ul{}>{}</ul>", attributes, mark_safe(rows))  # noqa: S308


@register.tag
def item_list(parser: template.base.Parser, token: template.base.Token) -> RecordsNode:
    """A list of records drawn by the tag's content, one ``<li>`` each, or what to say when there
    are none, in place of ``{% if %}<ul>{% for %}…{% endfor %}</ul>{% else %}…{% endif %}``:

        {% item_list searches as search, query class="saved-searches" empty=_("None yet.") %}
          <li>…</li>
        {% enditem_list %}

    ``labelledby`` names the list; ``empty_title`` and ``empty_text`` show includes/empty.html
    instead of the muted ``empty`` note; ``pages`` (a Page, with ``pages_param`` and
    ``pages_label``) adds the links to its other pages (includes/pagination.html).
    """
    records, names, options = _records_tag(
        parser,
        token,
        'Usage: {% item_list <items> as <name>[, <name>] [class="…"] [labelledby="…"] '
        "[empty=…] [empty_title=… [empty_text=…]] %}…{% enditem_list %}",
    )
    row = parser.parse(("enditem_list",))
    parser.delete_first_token()
    return RecordsNode(records, names, options, row, _item_list)


def _record_table(head: str, rows: str, option: dict[str, Any]) -> SafeString:
    body = format_html("{}<tbody>{}</tbody>", mark_safe(head), mark_safe(rows))  # noqa: S308
    return _table_region(body, option.get("labelledby"), option.get("class"))


@register.tag
def record_table(parser: template.base.Parser, token: template.base.Token) -> RecordsNode:
    """A ``{% table_region %}`` of records, one row each, or what to say when there are none:

        {% record_table tokens as token labelledby="tokens-caption" empty_title=_("No tokens.") %}
          <caption id="tokens-caption">…</caption>
          {% column_heads _("Name") _("Created") %}
        {% each %}
          <tr>…</tr>
        {% endrecord_table %}

    What comes before ``{% each %}`` (the caption and the column heads) is drawn once, what
    comes after once per record, inside the table's ``<tbody>``.
    """
    records, names, options = _records_tag(
        parser,
        token,
        'Usage: {% record_table <rows> as <name>[, <name>] labelledby="…" [class="…"] '
        "[empty=…] [empty_title=… [empty_text=…]] %}…{% each %}…{% endrecord_table %}",
    )
    if "labelledby" not in options:
        raise template.TemplateSyntaxError("record_table: labelledby names the table")
    head = parser.parse(("each",))
    parser.delete_first_token()
    row = parser.parse(("endrecord_table",))
    parser.delete_first_token()
    return RecordsNode(records, names, options, row, _record_table, head)


@dataclasses.dataclass(frozen=True)
class ColumnHead:
    """A column's heading as ``{% column_heads %}`` draws it: ``numeric`` (its values are numbers,
    aligned as numbers) or ``hidden`` (heard, not seen: the heading of a column of buttons)."""

    label: Any
    numeric: bool = False
    hidden: bool = False


def _column_head(label: Any) -> ColumnHead:
    return label if isinstance(label, ColumnHead) else ColumnHead(label)


@register.filter
def numeric(label: Any) -> ColumnHead:
    return dataclasses.replace(_column_head(label), numeric=True)


@register.filter
def hidden(label: Any) -> ColumnHead:
    return dataclasses.replace(_column_head(label), hidden=True)


def _th(head: ColumnHead) -> SafeString:
    label = head.label
    if head.hidden:
        label = format_html('<span class="visually-hidden">{}</span>', label)
    if head.numeric:
        return format_html('<th scope="col" class="numeric">{}</th>', label)
    return format_html('<th scope="col">{}</th>', label)


class ColumnHeadsNode(template.Node):
    def __init__(self, labels: list[FilterExpression]) -> None:
        self.labels = labels

    def render(self, context: template.Context) -> SafeString:
        heads = (_column_head(label.resolve(context)) for label in self.labels)
        cells = mark_safe("".join(_th(head) for head in heads))  # noqa: S308
        return format_html("<thead><tr>{}</tr></thead>", cells)


@register.tag
def column_heads(parser: template.base.Parser, token: template.base.Token) -> ColumnHeadsNode:
    """A table's heading row, one ``<th scope="col">`` per label in the order given:

    {% column_heads _("Indicator") _("Target")|numeric _("Actions")|hidden %}
    """
    # smart_split, not split_contents: the latter takes a translated label with a filter,
    # _("Target")|numeric, for an unfinished one.
    bits = list(smart_split(token.contents))[1:]
    if not bits:
        raise template.TemplateSyntaxError("Usage: {% column_heads <label> [<label>...] %}")
    return ColumnHeadsNode([parser.compile_filter(bit) for bit in bits])


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


def _detail_section(content: str, anchor: Any, title: Any) -> SafeString:
    return format_html(
        '<section id="{0}" class="detail-section" aria-labelledby="{0}-title">\n'
        '  <h2 id="{0}-title">{1}</h2>{2}</section>',
        anchor,
        title,
        content,
    )


def _form_section(content: str, title: Any) -> SafeString:
    return format_html(
        '<fieldset class="form-section">\n  <legend><h2>{}</h2></legend>{}</fieldset>',
        title,
        content,
    )


@register.tag
def form_section(parser: template.base.Parser, token: template.base.Token) -> WrapperNode:
    """A group of a long form's fields under its heading:

        {% form_section _("Contract terms") %}{% fields form.wage form.hours %}{% endform_section %}

    is a <fieldset class="form-section"> whose legend is that <h2>.
    """
    bits = token.split_contents()[1:]
    if len(bits) != 1:
        raise template.TemplateSyntaxError(
            "Usage: {% form_section <title> %}...{% endform_section %}"
        )
    title = parser.compile_filter(bits[0])
    return WrapperNode(parser, "endform_section", _form_section, title=title)


@register.tag
def detail_section(parser: template.base.Parser, token: template.base.Token) -> WrapperNode:
    """A section of a record's page, named by its heading, that `{% toc %}` can link to:

        {% detail_section "costs" _("Costs") %}...{% enddetail_section %}

    is <section id="costs"> with the <h2 id="costs-title"> that labels it.
    """
    bits = token.split_contents()[1:]
    if len(bits) != 2:
        raise template.TemplateSyntaxError(
            'Usage: {% detail_section "<anchor>" <title> %}...{% enddetail_section %}'
        )
    anchor, title = (parser.compile_filter(bit) for bit in bits)
    return WrapperNode(parser, "enddetail_section", _detail_section, anchor=anchor, title=title)
