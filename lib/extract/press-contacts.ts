import type { Element } from './dom';
import { firstVisibleText } from './section-heading';

// The press desk's contact details, in the languages the class-name lists cover plus Italian and Dutch.
const PRESS_CONTACT_LABEL = new RegExp(
  `^(?:${[
    'media contacts?', 'press contacts?', 'media (?:and|&) press contacts?', 'media (?:inquiries|enquiries|relations)', 'press (?:inquiries|enquiries)',
    'for media (?:inquiries|enquiries)', 'pressekontakt', 'kontakt für (?:die )?presse', 'contacts? presse', 'contacto de prensa',
    'contacto para medios', 'contatti? (?:per la )?stampa', 'perscontact',
  ].join('|')})[:.]?$`,
  'i',
);

/**
 * A box of the press office's contact details, opened by a label of its own ("<div class="field__label">Media
 * contact</div>", a heading or a bold line) — not a paragraph of the release that gives a contact, which is its text.
 */
export function isPressContactBox(el: Element): boolean {
  if (el.name === 'p') return false;
  const text = firstVisibleText(el);
  return text !== null && text.parent !== el && text.data.length <= 60 && PRESS_CONTACT_LABEL.test(text.data.trim());
}
