import { parse as txmlParse } from 'txml/txml';
import { describe, expect, it } from 'vitest';
import { canonical, child, DOCTYPE_DISALLOWED, elements, escapeAttr, escapeText, parseXml, prefixFor, textOf, type XmlElement } from './xml.ts';

function ok(text: string): XmlElement {
  const r = parseXml(text);
  if (!r.ok) throw new Error(`expected well-formed, got ${r.error.message} at ${r.error.line}:${r.error.column}`);
  return r.root;
}

describe('parseXml', () => {
  it('resolves namespaces on elements and attributes, with offsets of every element', () => {
    const text = '<?xml version="1.0"?>\n<e:Envelope xmlns:e="urn:e" xmlns:i="urn:i"><e:Body><w xmlns="urn:w" i:objectType="X" a="1"/></e:Body></e:Envelope>';
    const root = ok(text);
    expect([root.ns, root.local, root.prefix]).toEqual(['urn:e', 'Envelope', 'e']);
    const body = child(root, 'urn:e', 'Body')!;
    const w = elements(body)[0]!;
    expect([w.ns, w.local]).toEqual(['urn:w', 'w']);
    expect(w.attrs).toEqual([
      { qname: 'i:objectType', prefix: 'i', local: 'objectType', ns: 'urn:i', value: 'X' },
      { qname: 'a', prefix: '', local: 'a', ns: '', value: '1' },
    ]);
    expect(text.slice(body.start, body.end)).toBe('<e:Body><w xmlns="urn:w" i:objectType="X" a="1"/></e:Body>');
    expect(text.slice(body.openEnd, body.closeStart)).toBe('<w xmlns="urn:w" i:objectType="X" a="1"/>');
    expect(w.selfClosing).toBe(true);
    expect(prefixFor(w.scope, 'urn:i')).toBe('i');
  });

  it('lets an element rebind a prefix its ancestor bound', () => {
    const root = ok('<a:x xmlns:a="urn:1"><a:y xmlns:a="urn:2"><a:z/></a:y></a:x>');
    const y = elements(root)[0]!;
    expect([root.ns, y.ns, elements(y)[0]!.ns]).toEqual(['urn:1', 'urn:2', 'urn:2']);
    expect(prefixFor(y.scope, 'urn:1')).toBeUndefined();
  });

  it('decodes predefined and character references and CDATA', () => {
    const root = ok('<a>&amp;&lt;&gt;&quot;&apos;&#65;&#x42;<![CDATA[<x>&amp;]]></a>');
    expect(textOf(root)).toBe('&<>"\'AB<x>&amp;');
    expect(ok('<a v="x&#10;y&amp;z\tw"/>').attrs[0]!.value).toBe('x\ny&z w');
  });

  // Every one of these is accepted by txml (it is tolerant by design); a security server must refuse them all.
  const malformed: [string, string, RegExp][] = [
    ['unclosed element', '<a><b>x</b>', /must start and end within the same entity/],
    ['wrong end tag', '<a><b>x</a>', /must be terminated by the matching end-tag "<\/b>"/],
    ['unquoted attribute', '<a b=1/>', /Open quote is expected/],
    ['unterminated attribute', '<a x="1>', /same entity/],
    ['duplicate attribute', '<a x="1" x="2"/>', /already specified/],
    ['attributes without a space', '<a x="1"y="2"/>', /must be followed by either attribute specifications/],
    ['undeclared entity', '<a>&foo;</a>', /The entity "foo" was referenced, but not declared/],
    ['bare ampersand', '<a>fish & chips</a>', /entity name must immediately follow/],
    ['invalid character reference', '<a>&#0;</a>', /invalid XML character/],
    ['control character', '<a>\u0001</a>', /invalid XML character \(Unicode: 0x1\)/],
    ['text before the root', 'hello <a/>', /Content is not allowed in prolog/],
    ['text after the root', '<a/>trailing', /Content is not allowed in trailing section/],
    ['two roots', '<a/><b/>', /following the root element/],
    ['empty document', '', /Premature end of file/],
    ['whitespace only', '  \n', /Premature end of file/],
    ['unbound element prefix', '<x:a/>', /prefix "x" for element "x:a" is not bound/],
    ['unbound attribute prefix', '<a x:b="1"/>', /prefix "x" for attribute/],
    ['late XML declaration', ' <?xml version="1.0"?><a/>', /\[xX\]\[mM\]\[lL\]/],
    ['"]]>" in text', '<a>x]]>y</a>', /"]]>" must not appear/],
    ['"<" in an attribute', '<a b="<"/>', /must not contain the '<' character/],
    ['bad name', '<1a/>', /well-formed/],
  ];
  it.each(malformed)('refuses %s', (_what, text, message) => {
    const r = parseXml(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('syntax');
      expect(r.error.message).toMatch(message);
    }
  });

  it('shows why txml alone is not enough: it accepts an unclosed element', () => {
    expect(() => txmlParse('<a><b>x</b>')).not.toThrow();
    expect(parseXml('<a><b>x</b>').ok).toBe(false);
  });

  const doctypes: [string, string][] = [
    ['XXE', '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'],
    ['billion laughs', '<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><l>&b;</l>'],
    ['plain doctype', '<!doctype html><html/>'],
    ['entity declaration inside content', '<a><!ENTITY x "y"></a>'],
  ];
  it.each(doctypes)('refuses a %s with the Xerces DOCTYPE message', (_what, text) => {
    const r = parseXml(text);
    expect(r).toMatchObject({ ok: false, error: { kind: 'doctype', message: DOCTYPE_DISALLOWED } });
  });

  it('reports line and column', () => {
    const r = parseXml('<a>\n  <b>\n</a>');
    expect(r).toMatchObject({ ok: false, error: { line: 3, column: 1 } });
  });

  it('stops at the depth and element limits', () => {
    expect(parseXml('<a>'.repeat(50) + '</a>'.repeat(50), { maxDepth: 20 })).toMatchObject({ ok: false, error: { kind: 'limit' } });
    expect(parseXml(`<a>${'<b/>'.repeat(30)}</a>`, { maxElements: 10 })).toMatchObject({ ok: false, error: { kind: 'limit' } });
    const many = Array.from({ length: 100_000 }, (_, i) => `a${i}="1"`).join(' ');
    const t = performance.now();
    expect(parseXml(`<x ${many}/>`)).toMatchObject({ ok: false, error: { kind: 'limit', message: 'More than 256 attributes on element "x".' } });
    expect(performance.now() - t).toBeLessThan(200);
  });

  it('keeps comments and processing instructions out of the tree', () => {
    const root = ok('<!-- c --><?pi x?><a><!-- in --><b/><?p?></a><!-- after -->');
    expect(elements(root).map((e) => e.local)).toEqual(['b']);
  });
});

describe('canonical', () => {
  it('ignores prefixes, attribute order and indentation, but not values', () => {
    const a = ok('<x:c xmlns:x="urn:x" xmlns:i="urn:i" i:t="S" z="1">\n  <i:p>A</i:p>\n</x:c>');
    const b = ok('<c xmlns="urn:x" z="1" xmlns:j="urn:i" j:t="S"><j:p>A</j:p></c>');
    const c = ok('<c xmlns="urn:x" z="1" xmlns:j="urn:i" j:t="S"><j:p>A </j:p></c>');
    expect(canonical(a)).toBe(canonical(b));
    expect(canonical(a)).not.toBe(canonical(c));
  });
});

describe('escaping', () => {
  it('round-trips text and attribute values', () => {
    const value = 'a&b<c>"d\'\te\nf';
    const root = ok(`<a v="${escapeAttr(value)}">${escapeText(value)}</a>`);
    expect(root.attrs[0]!.value).toBe(value);
    expect(textOf(root)).toBe(value);
  });
});
