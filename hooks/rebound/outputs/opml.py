"""OPML 2.0 (http://opml.org/spec2.opml) of every curated source, one outline per niche.

For importing the raw sources into a feed reader. Pure: no I/O, no clock (OPML's dateCreated is
optional and left out, so the file changes only when the sources file does).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from rebound.model import Niche
from rebound.outputs.syndicate import xml_text

OPML_DOCS = "http://opml.org/spec2.opml"


def render_opml(niches: Sequence[Niche], *, title: str, owner_url: str) -> str:
    """Every niche as an outline holding its sources as ``type="rss"`` outlines, in file order."""
    opml = ET.Element("opml", {"version": "2.0"})
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = xml_text(title)
    ET.SubElement(head, "ownerId").text = xml_text(owner_url)
    ET.SubElement(head, "docs").text = OPML_DOCS
    body = ET.SubElement(opml, "body")
    for niche in niches:
        group = ET.SubElement(body, "outline", {"text": xml_text(niche.title), "title": xml_text(niche.title)})
        for source in niche.sources:
            ET.SubElement(
                group,
                "outline",
                {
                    "type": "rss",
                    "text": xml_text(source.name),
                    "title": xml_text(source.name),
                    "xmlUrl": xml_text(source.feed),
                    "htmlUrl": xml_text(source.site),
                    "category": f"/{niche.slug}/{source.kind}",
                },
            )
    ET.indent(opml, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(opml, encoding="unicode") + "\n"
