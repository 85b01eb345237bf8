// The provider's XML reader: strict where a SOAP service must be (well-formedness, namespaces, no DTD, bounded),
// and its writer keeps meaning (namespaces) when a header element is copied into a response.
import { describe, expect, it } from 'vitest';
import { child, elements, parseXml, textOf, writeElement, XmlError } from './xml.ts';

describe('parseXml', () => {
  it('reads elements, attributes, namespaces, text, entities, CDATA and comments', () => {
    const root = parseXml(
      '\uFEFF<?xml version="1.0"?>\n<!-- c --><a:r xmlns:a="urn:a" xmlns="urn:d" a:k="1 &amp; 2" k=\'q\'><b>x&lt;y&#65;&#x42;</b><![CDATA[<raw>]]><c/></a:r>\n',
    );
    expect(root).toMatchObject({ name: 'a:r', local: 'r', ns: 'urn:a' });
    expect(root.attrs).toEqual([
      { name: 'a:k', local: 'k', ns: 'urn:a', value: '1 & 2' },
      { name: 'k', local: 'k', ns: '', value: 'q' },
    ]);
    const [b, c] = elements(root);
    expect(b).toMatchObject({ local: 'b', ns: 'urn:d' });
    expect(textOf(b!)).toBe('x<yAB');
    expect(c).toMatchObject({ local: 'c', ns: 'urn:d', children: [] });
    expect(textOf(root)).toBe('<raw>');
    expect(child(root, 'urn:d', 'b')).toBe(b);
  });

  it.each([
    ['', 'empty'],
    ['garbage', 'root element'],
    ['<a>', 'end of document'],
    ['<a></b>', 'does not close'],
    ['<a><b></a>', 'does not close'],
    ['<a x="1" x="2"/>', 'twice'],
    ['<a x=1/>', 'quoted'],
    ['<a>&nbsp;</a>', 'unknown entity'],
    ['<a>& b</a>', "'&'"],
    ['<a>&#0;</a>', 'not allowed'],
    ['<p:a/>', "prefix 'p' is not declared"],
    ['<a/><b/>', 'after the root'],
    ['<a x="<"/>', "'<'"],
    ['<a><?xml version="1.0"?></a>', 'declaration'],
    ['<a><!-- x -- y --></a>', "'--'"],
    ['<a>]]></a>', "']]>'"],
  ])('refuses %j (%s)', (text, message) => {
    expect(() => parseXml(text)).toThrow(XmlError);
    expect(() => parseXml(text)).toThrow(message);
  });

  it('refuses any DOCTYPE, so external entities and entity bombs cannot happen (XXE)', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>';
    const bomb = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><lolz>&lol2;</lolz>';
    expect(() => parseXml(xxe)).toThrow(/DOCTYPE is not accepted/);
    expect(() => parseXml(bomb)).toThrow(/DOCTYPE is not accepted/);
    expect(() => parseXml('<r><!DOCTYPE r></r>')).toThrow(/DOCTYPE/);
  });

  it('bounds depth and size', () => {
    expect(() => parseXml(`${'<a>'.repeat(65)}${'</a>'.repeat(65)}`)).toThrow(/deeper than 64/);
    expect(() => parseXml(`${'<a>'.repeat(64)}${'</a>'.repeat(64)}`)).not.toThrow();
    expect(() => parseXml(`<a>${'x'.repeat(100)}</a>`, { maxChars: 50 })).toThrow(/longer than 50/);
  });
});

describe('writeElement', () => {
  it('writes with the given prefixes and declares other namespaces where used', () => {
    const el = parseXml('<x:client xmlns:x="urn:xr" xmlns:i="urn:id" i:objectType="SUBSYSTEM"><i:code>A&amp;B</i:code><o xmlns="urn:other"/><plain xmlns=""/></x:client>');
    const out = writeElement(el, { 'urn:xr': 'xrd', 'urn:id': 'id' });
    expect(out).toBe('<xrd:client id:objectType="SUBSYSTEM"><id:code>A&amp;B</id:code><ns1:o xmlns:ns1="urn:other"/><plain/></xrd:client>');
    // and it reads back to the same names
    const again = parseXml(out.replace('<xrd:client', '<xrd:client xmlns:xrd="urn:xr" xmlns:id="urn:id"'));
    expect(elements(again).map((e) => [e.ns, e.local])).toEqual([
      ['urn:id', 'code'],
      ['urn:other', 'o'],
      ['', 'plain'],
    ]);
  });

  it('undeclares a default namespace for an element in no namespace', () => {
    const el = parseXml('<a xmlns="urn:d"><b xmlns=""/></a>');
    expect(writeElement(el, { 'urn:d': '' })).toBe('<a><b xmlns=""/></a>');
  });
});
