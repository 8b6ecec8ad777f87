"""The oEmbed 1.0 XML format (https://oembed.com, section 2.3.4): the JSON answer's fields as child
elements of one `<oembed>` element."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import msgspec

from service.embed.schemas import OEmbed

MEDIA_TYPE = "text/xml"  # what the oEmbed spec names for format=xml (Litestar adds "; charset=utf-8")
_DECLARATION = b'<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n'
# Characters XML 1.0 cannot hold at all, not even escaped (§2.2 Char): most C0 controls, surrogates,
# U+FFFE and U+FFFF. A stored title may contain them; the document must still parse.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def oembed_xml(answer: OEmbed) -> bytes:
    """The answer as a well-formed XML document: ElementTree escapes `&`, `<` and `>` in text, and a
    carriage return is written as `&#13;` so that a parser does not read it as a line feed."""
    root = ElementTree.Element("oembed")
    for name, value in msgspec.structs.asdict(answer).items():
        ElementTree.SubElement(root, name).text = _NOT_XML.sub("", str(value))
    body = ElementTree.tostring(root, encoding="utf-8", xml_declaration=False).replace(b"\r", b"&#13;")
    return _DECLARATION + body
