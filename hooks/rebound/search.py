"""How the search box reads a question: the word separator for Material's search, and the words
readers use for a page that the page itself doesn't (front matter ``also_searched_as``).

The separator. Material for MkDocs 9.x (its search worker, ``integrations/search``) turns every
query word into a prefix query: "I feel hopeless" becomes ``i* feel* hopeless*``. Lunr runs no
pipeline on a word with a wildcard, so its stop-word filter never sees the query: a lone "I" or
"a" matched every indexed word starting with that letter, and the interview pages topped every
question that began with "I". Material has no setting for the query words themselves; the one
setting both sides share is ``separator``: the same regular expression splits the page text when
the worker builds the index, and splits each query word before the wildcard is added. So the
separator built here does the query-side work too:

- it drops lunr's own English stop words (the index never held them: Material's default pipeline
  is ``stopWordFilter``), with their contractions ("I'm", "can't", "don't") and the same
  contractions typed without the apostrophe ("im", "cant", "dont");
- it cuts the contraction or possessive ending off any other word ("client's" -> "client");
- it splits at punctuation ("scam?" and "(upwork" are "scam" and "upwork").

Stop words are matched letter by letter in both cases ("[Ii]"): Material compiles the separator
without flags, and splits before it lowercases. Words are told apart by Latin letters and digits
only, so the expression means the same to JavaScript (no ``u`` flag) and to Python's ``re``.

What it can't do: stem. A query word still has to be the start of the page's word: "reject" finds
"rejection", "rejected" doesn't. Adding lunr's stemmer to the pipeline would stem the index but not
the wildcard queries, and miss more.

The reader's words. Material weighs a section title 1,000 times its text, so a word in a page's
text loses to the same word in any heading on another page: "hopeless" on the Get help page lost
to "Feelings as facts" for "I feel hopeless". The words a page lists in ``also_searched_as`` go
into a field of their own on the page's entry in ``search_index.json`` (``KEYWORDS_FIELD``), which
the worker indexes with the boost mkdocs.yml gives it (Material indexes every field named under
``fields``). The same words are shown at the page's end, so nothing is hidden from the reader; that
line itself is left out of the index (``data-search-exclude``), or a match would point at the
page's last section.
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence

# lunr.js 2.3.9's English stop words (lunr.stopWordFilter), as bundled in Material's search worker.
LUNR_STOP_WORDS = (
    "a able about across after all almost also am among an and any are as at be because been but by "
    "can cannot could dear did do does either else ever every for from get got had has have he her "
    "hers him his how however i if in into is it its just least let like likely may me might most "
    "must my neither no nor not of off often on only or other our own rather said say says she should "
    "since so some than that the their them then there these they this tis to too twas us wants was "
    "we were what when where which while who whom why will with would yet you your"
).split()

# Contractions people type without the apostrophe. Left out on purpose: forms that are also words
# with a meaning here ("ill", "well", "id"). "cant" is in: in a question it's always "can't".
UNMARKED_CONTRACTIONS = (
    "im ive youre youve youll youd dont doesnt didnt cant wont isnt arent wasnt werent hasnt havent "
    "hadnt couldnt wouldnt shouldnt mustnt thats whats theyre theyve weve hes shes lets"
).split()

# Contractions whose first part is not a stop word on its own.
MARKED_CONTRACTIONS = ("won't", "shan't", "ain't")

STOP_WORDS = tuple(dict.fromkeys([*LUNR_STOP_WORDS, *UNMARKED_CONTRACTIONS, *MARKED_CONTRACTIONS]))

LETTER = r"A-Za-z0-9\u00c0-\u024f"
APOSTROPHE = "'\u2019"
# The endings after an apostrophe: it's, can't, she'd, I'm, we'll, they're, I've (and the
# client's). A stop word also takes "n't" (don't, isn't); any other word keeps its "n".
CONTRACTION = rf"[{APOSTROPHE}](?:s|t|d|m|ll|re|ve)(?![{LETTER}])"
# Runs of spaces, punctuation and HTML entities (Material's index keeps &amp;, &lt; and &gt;
# escaped). Apostrophes come after the contraction endings in the alternation below, so "can't"
# loses "'t" whole instead of leaving a "t" that would match every word starting with t.
PUNCTUATION = (r"(?:&(?:[a-z]+|#\d+);"
               r"|[\s\-\u2010-\u2015.,;:!?()\[\]{}\"\u201c\u201d\u2018\u2019'/\\|\u2026&+*=<>#@%~^`$\u00a3\u20ac\u00b7\u2022])+")


def _case_free(word: str) -> str:
    """``can't`` -> ``[Cc][Aa][Nn]['’][Tt]``: Material compiles the separator without the ``i`` flag."""
    return "".join(f"[{APOSTROPHE}]" if c in APOSTROPHE else f"[{c.upper()}{c}]" if c.isalpha() else re.escape(c)
                   for c in word)


def _stop_word_pattern(words: Iterable[str]) -> str:
    """One alternation, grouped by first letter so a non-matching position fails at its first character."""
    by_letter: dict[str, list[str]] = {}
    for word in sorted(set(words), key=lambda w: (-len(w), w)):   # longest first: "into" before "in"
        by_letter.setdefault(word[0], []).append(word)
    groups = []
    for first, words_ in sorted(by_letter.items()):
        rests = "|".join(_case_free(w[1:]) for w in words_ if len(w) > 1)
        alone = len(min(words_, key=len)) == 1
        body = f"(?:{rests}){'?' if alone else ''}" if rests else ""
        groups.append(f"[{first.upper()}{first}]{body}")
    return rf"(?<![{LETTER}])(?:{'|'.join(groups)})(?:n?{CONTRACTION})?(?![{LETTER}])"


def build_separator(stop_words: Sequence[str] = STOP_WORDS) -> str:
    """The ``separator`` for Material's search plugin (see the module docstring)."""
    return "|".join([_stop_word_pattern(stop_words), CONTRACTION, PUNCTUATION])


SEPARATOR = build_separator()


def split_words(text: str, separator: str = SEPARATOR) -> list[str]:
    """The words Material's worker indexes or queries in ``text`` (its ``split``, then lowercase)."""
    return [w.lower() for w in re.split(separator, text) if w]


def read_other_words(value: object) -> list[str]:
    """The phrases of a page's ``also_searched_as``: a list of text (one text is one phrase).

    Raises ValueError for anything else; ``make check`` explains the same mistake with its line.
    """
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v for v in value if v.strip()]
    raise ValueError("also_searched_as must be a list of phrases, for example [ghosted, no reply]")


def render_other_words(words: Sequence[str]) -> str:
    """The line at a page's end that lists the reader's words for it (``also_searched_as``), as HTML."""
    listed = ", ".join(html.escape(w, quote=False) for w in words)
    return f'<p class="rebound-other-words" data-search-exclude>Other ways people say it: {listed}.</p>'


def add_other_words(markdown: str, words: Sequence[str]) -> str:
    """``markdown`` with the "Other ways people say it" line at its end."""
    return f"{markdown.rstrip()}\n\n{render_other_words(words)}\n"


# The field's name in the index; mkdocs.yml gives it its boost under plugins: search: fields.
KEYWORDS_FIELD = "keywords"


def add_keywords_to_index(index_json: str, words_by_location: Mapping[str, Sequence[str]]) -> str:
    """Material's ``search_index.json`` with each page's words in its own field on the page's entry.

    The page entry is the one whose ``location`` is the page's address (its sections add ``#id``).
    """
    index = json.loads(index_json)
    for doc in index["docs"]:
        words = words_by_location.get(doc["location"])
        if words:
            doc[KEYWORDS_FIELD] = ", ".join(words)
    return json.dumps(index, separators=(",", ":"))
