// One escaping rule for everything the phone writes into HTML or SVG: text and attribute values alike (names carry
// apostrophes — Ім'я — and a seeded value may carry anything).
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
