// Escaping for the report files both faces write (a conformance run's and a load run's): every text in them may
// quote what the participant sent, so nothing reaches a page or an XML file unescaped.

// control characters other than tab and line breaks have no place in HTML text (they render as boxes)
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Escapes for HTML text and double- or single-quoted attribute values; drops control characters. */
export function esc(s: string): string {
  return s.replace(CONTROL, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

// Characters XML 1.0 cannot carry at all (even as references): C0 controls but tab/LF/CR, U+FFFE/U+FFFF and
// unpaired surrogates. They are dropped, not escaped.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text content: markup characters escaped, so `]]>` and `<` cannot end or open anything. */
export function xmlText(s: string): string {
  return s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute value (double-quoted): also quotes and line breaks, which parsers would otherwise normalise away. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
