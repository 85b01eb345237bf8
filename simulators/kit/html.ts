// One escaping rule for what a simulator writes into HTML or SVG, text and attribute values alike: names carry
// apostrophes (Ім'я), and a participant or a seeded value may send anything.
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
