"""Small repairs to Material for MkDocs' own markup, found by `make audit` (axe-core and vnu).

Each repair is one exact pattern from Material's templates (9.8). When Material changes its markup
the pattern stops matching, the page keeps Material's original, and the audit reports the problem
again, so nothing breaks silently. No I/O: the same page in gives the same page out.
"""
from __future__ import annotations

import re

# partials/search.html: the search overlay is role="dialog" without a name (axe aria-dialog-name).
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SEARCH_DIALOG_NAMED = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'

# partials/nav-item.html: with navigation.indexes a section's nested <nav> is labelled by the
# section's toggle <label>, which holds only an icon (or is absent when the section has one page),
# so every section nav has no name and axe reports landmark-unique. The <nav> opens with a title
# <label> that holds the section's name: label the <nav> by that instead.
SECTION_NAV = re.compile(
    r'(<nav class="md-nav" data-md-level="\d+" aria-labelledby=")(?P<path>__nav[\w]*)_label("[^>]*>\s*'
    r'<label class="md-nav__title") for="(?P=path)">'
)

# partials/nav-item.html: sections render tabindex="" on their toggle label, which is not a valid
# integer (Nu HTML Checker). Browsers treat it as absent, so removing it changes nothing else.
EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link[^"]*" for="__nav[\w]*" id="__nav[\w]*_label") tabindex=""')

# partials/tags.html: the tag list is a <nav> with no name, indistinguishable from other navs.
TAGS_NAV = re.compile(r'<nav class="md-tags"\s*(hidden)?\s*>')

# partials/toc.html: the table of contents' title is <label for="__toc">, but on a section's index
# page (navigation.indexes) Material renders no __toc checkbox, so the label points at nothing
# (Nu HTML Checker). The label toggles nothing there either; drop its dangling "for".
TOC_TITLE = '<label class="md-nav__title" for="__toc">'
TOC_TOGGLE = 'id="__toc"'


def fix_material_markup(html: str) -> str:
    """Return the page with Material's unnamed landmarks named and its invalid attributes removed."""
    html = html.replace(SEARCH_DIALOG, SEARCH_DIALOG_NAMED)
    html = SECTION_NAV.sub(r'\g<1>\g<path>_title\g<3> id="\g<path>_title" for="\g<path>">', html)
    html = EMPTY_TABINDEX.sub(r"\1", html)
    html = TAGS_NAV.sub(lambda m: f'<nav class="md-tags" aria-label="Tags"{" hidden" if m[1] else ""}>', html)
    if TOC_TOGGLE not in html:
        html = html.replace(TOC_TITLE, '<label class="md-nav__title">')
    return html
