// What Трембіта publishes to the rest of polihon besides its registry line (entry.ts). Everything else in this folder
// is Трембіта's own; the linter refuses an import of it from outside (docs/decisions/0001-layout-and-dependency-rule.md).

// the strict XML reader the security server judges envelopes with: a judgement made outside the simulator (the
// `delivery` assertion) reads a participant's SOAP exactly as Трембіта does, refusing the same malformed markup
export { childByLocal, elements, parseXml, type XmlElement } from './xml.ts';
