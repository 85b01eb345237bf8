// The phone escapes as every simulator page does (simulators/kit/html.ts).
export { escapeHtml } from '../../kit/index.ts';
