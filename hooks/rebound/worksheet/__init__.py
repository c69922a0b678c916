"""Answer fields for worksheets: a tiny block syntax, its checker and its HTML.

An author writes one field per block, starting at the beginning of a line::

    [[lines 4 #what-happened | What happened, in plain facts?]]
    [[checklist #this-week | This week I... | slept enough | moved my body | saw a friend]]
    [[scale #rested | How rested do I feel? | worn out | well rested]]
    [[table 3 #numbers | This week's numbers | Week | Sent | Replies]]
    [[number #strength | How strong is the feeling? | out of 100]]
    [[runway #runway | My runway | Savings I can use | Essential costs a month | Money still coming in a month]]
    [[tracker 20 #applications | My applications]]

A field may run over several lines until its closing ``]]``; ``|`` separates its parts. The
first part is the field kind (and, for kinds that count something, a number) and the field's id
after ``#``; the second is the label every field must have; the rest are checklist items, scale
end labels, table columns...

The id is what a reader's answers are stored under. It never comes from the label, so a label can
be reworded freely; an id that has shipped is recorded (data/shipped-worksheet-ids.json) and
``make check`` refuses to let it change unless the page lists the move under ``renamed_from``.

The package, by job (each imports only the ones before it; none does I/O):

- `rebound.worksheet.syntax`: the types, finding ``[[ ... ]]`` blocks outside fenced code, and
  the HTML ids (`IdMaker`) answers are stored under.
- `rebound.worksheet.html`: each kind's renderer (real, labelled form controls), the toolbar and
  the print footer.
- `rebound.worksheet.kinds`: the registry. Every kind is one ``FieldKind`` entry in
  ``FIELD_KINDS``: its number rule, its parts rule and its renderer. Adding a kind is adding one
  entry (and, if it needs behaviour on screen, a module under ``content/assets/worksheets/``).
- `rebound.worksheet.check`: ``parse_field`` against the registry, and ``find_field_problems``,
  which checks a whole Markdown file and reports ``(line, message)`` pairs, so ``make check`` and
  the MkDocs hook can say ``path:line`` (Python-Markdown never learns the file name).

The Python-Markdown extension that turns fields into form controls is `rebound.worksheet_fields`
(the name mkdocs.yml lists under ``markdown_extensions``).
"""