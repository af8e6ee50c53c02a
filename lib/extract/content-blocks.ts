/**
 * The main content as a small document model (headings, paragraphs, lists, tables, code …) that the
 * plain-text and Markdown renderers share, so both see exactly the same content.
 */
import { HEADING_TAGS, isElement, isInlineTag, isText, type AnyNode, type Element } from './dom';
import { isEmbeddedPost } from './embeds';
import { withoutPhotoCredit } from './photo-credits';
import { readableText } from './text';
import { resolveUrl } from './url';

export interface TextRun {
  text: string;
  href?: string;
  strong?: boolean;
  em?: boolean;
  code?: boolean;
}
export interface ImageRun {
  image: { src: string | null; alt: string };
}
export interface LineBreak {
  lineBreak: true;
}
export type Inline = TextRun | ImageRun | LineBreak;

export interface TableRow {
  header: boolean;
  cells: Inline[][];
}
export interface Definition {
  term: Inline[];
  details: Inline[][];
}

export type Block =
  | { kind: 'heading'; level: number; inlines: Inline[]; insideLink: boolean }
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { kind: 'code'; language: string | null; text: string }
  | { kind: 'quote'; blocks: Block[] }
  | { kind: 'table'; rows: TableRow[] }
  | { kind: 'definitions'; entries: Definition[] }
  | { kind: 'image'; src: string | null; alt: string }
  | { kind: 'rule' };

type Marks = Omit<TextRun, 'text'>;

interface BuildContext {
  excluded: Set<Element>;
  baseUrl: string | null;
}

const MAX_DEPTH = 400;

export const isTextRun = (inline: Inline): inline is TextRun => 'text' in inline;

const LINE_BREAK_MARK = '\u0001';

/** Plain text of inline content: whitespace collapsed, line breaks kept. */
export function inlinePlainText(inlines: Inline[]): string {
  let text = '';
  for (const inline of inlines) text += isTextRun(inline) ? inline.text : 'lineBreak' in inline ? LINE_BREAK_MARK : '';
  return text
    .replace(/[\s\u200b]+/g, ' ')
    .replace(/ ?\u0001 ?/g, '\n')
    .trim();
}

/** Inline content of any block, for places that only hold inline text (table cells, headings). */
export function flattenInlines(blocks: Block[]): Inline[] {
  const out: Inline[] = [];
  const separate = () => {
    if (out.length > 0) out.push({ text: ' ' });
  };
  // Loops, not push(...items): a block can hold more inlines than a call can take arguments.
  const append = (items: Inline[]) => {
    for (const item of items) out.push(item);
  };
  for (const block of blocks) {
    separate();
    switch (block.kind) {
      case 'heading':
      case 'paragraph':
        append(block.inlines);
        break;
      case 'list':
        for (const item of block.items) {
          separate();
          append(flattenInlines(item));
        }
        break;
      case 'quote':
        append(flattenInlines(block.blocks));
        break;
      case 'code':
        out.push({ text: block.text, code: true });
        break;
      case 'table':
        for (const row of block.rows) {
          for (const cell of row.cells) {
            append(cell);
            separate();
          }
        }
        break;
      case 'definitions':
        for (const entry of block.entries) {
          append(entry.term);
          for (const detail of entry.details) {
            separate();
            append(detail);
          }
        }
        break;
      case 'image':
        out.push({ image: { src: block.src, alt: block.alt } });
        break;
    }
  }
  return out;
}

class Flow {
  readonly blocks: Block[] = [];
  private inlines: Inline[] = [];

  add(inline: Inline): void {
    this.inlines.push(inline);
  }

  /** Ends the current paragraph; two line breaks in a row ("<br><br>") also end one. */
  flush(): void {
    const inlines = this.inlines;
    this.inlines = [];
    let paragraph: Inline[] = [];
    const emit = () => {
      this.emitParagraph(paragraph);
      paragraph = [];
    };
    for (let i = 0; i < inlines.length; i++) {
      const inline = inlines[i];
      if ('lineBreak' in inline && nextIsLineBreak(inlines, i)) {
        emit();
        continue;
      }
      paragraph.push(inline);
    }
    emit();
  }

  private emitParagraph(all: Inline[]): void {
    let start = 0;
    let end = all.length;
    while (start < end && isBlankInline(all[start])) start++;
    while (end > start && isBlankInline(all[end - 1])) end--;
    if (start === end) return;
    const inlines = all.slice(start, end);
    if (inlines.some((inline) => isTextRun(inline) && inline.text.trim())) {
      this.blocks.push({ kind: 'paragraph', inlines });
      return;
    }
    for (const inline of inlines) if ('image' in inline) this.blocks.push({ kind: 'image', ...inline.image });
  }
}

const isBlankInline = (inline: Inline) => 'lineBreak' in inline || (isTextRun(inline) && !inline.text.trim());

function nextIsLineBreak(inlines: Inline[], index: number): boolean {
  for (let i = index + 1; i < inlines.length; i++) {
    const inline = inlines[i];
    if ('lineBreak' in inline) return true;
    if (!isBlankInline(inline)) return false;
  }
  return false;
}

function imageOf(el: Element, baseUrl: string | null): ImageRun['image'] {
  const { attribs } = el;
  const source = attribs.src ?? attribs['data-src'] ?? attribs.srcset?.split(/\s+/)[0];
  return { src: resolveUrl(source, baseUrl), alt: (attribs.alt ?? '').trim() };
}

function marksFor(el: Element, marks: Marks, baseUrl: string | null): Marks {
  switch (el.name) {
    case 'a': {
      const href = resolveUrl(el.attribs.href, baseUrl);
      return href && !/^javascript:/i.test(href) ? { ...marks, href } : marks;
    }
    case 'strong':
    case 'b':
      return { ...marks, strong: true };
    case 'em':
    case 'i':
    case 'cite':
      return { ...marks, em: true };
    case 'code':
    case 'kbd':
    case 'samp':
    case 'tt':
      return { ...marks, code: true };
    default:
      return marks;
  }
}

const LAYOUT_CELL_CONTENT = new Set(['p', 'ul', 'ol', 'blockquote', 'pre', 'center', 'form', ...HEADING_TAGS]);
/** Markup that only a table of data has. */
const DATA_TABLE_MARKUP = new Set(['caption', 'thead', 'th']);

/**
 * A table used to lay out the page rather than to hold data: one that nests tables, or holds paragraphs, lists or
 * headings without a caption or header cells (Sphinx puts a <p> in every cell of its data tables).
 */
function isLayoutTable(table: Element): boolean {
  const role = table.attribs.role;
  if (role === 'presentation' || role === 'none') return true;
  let holdsBlocks = false;
  let hasDataMarkup = false;
  const stack: AnyNode[] = [...table.children];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    if (node.name === 'table') return true;
    if (LAYOUT_CELL_CONTENT.has(node.name)) holdsBlocks = true;
    if (DATA_TABLE_MARKUP.has(node.name)) hasDataMarkup = true;
    for (const child of node.children) stack.push(child);
  }
  return holdsBlocks && !hasDataMarkup;
}

/** Text of a <pre> as written, with <br> and block-level lines (some highlighters use <div>s) as newlines. */
function codeText(pre: Element, excluded: Set<Element>): string {
  const parts: string[] = [];
  const endLine = () => {
    if (!parts[parts.length - 1]?.endsWith('\n')) parts.push('\n');
  };
  // Iterative, with a marker to end a block's line once its children are done: code can be nested deeply.
  const stack: (AnyNode | typeof endLine)[] = [...pre.children].reverse();
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'function') item();
    else if (isText(item)) parts.push(item.data);
    else if (isElement(item) && !excluded.has(item)) {
      if (item.name === 'br') parts.push('\n');
      if (!isInlineTag(item.name)) stack.push(endLine);
      for (let i = item.children.length - 1; i >= 0; i--) stack.push(item.children[i]);
    }
  }
  return parts.join('').replace(/^\n+/, '').replace(/\s+$/, '');
}

function codeLanguage(pre: Element): string | null {
  const candidates = [pre, pre.parent, ...pre.children].filter((node): node is Element => !!node && isElement(node));
  for (const el of candidates) {
    const match = /(?:^|\s)(?:language|lang)-([\w+#-]+)/.exec(el.attribs.class ?? '');
    if (match) return match[1];
    if (el.attribs['data-language']) return el.attribs['data-language'];
  }
  return null;
}

/** A caption's blocks without the photo credit that ends them. */
function withoutCaptionCredit(blocks: Block[]): Block[] {
  const last = blocks[blocks.length - 1];
  if (last?.kind !== 'paragraph') return blocks;
  const pieces = withoutPhotoCredit(last.inlines.map((inline) => (isTextRun(inline) ? inline.text : 'lineBreak' in inline ? '\n' : ' ')));
  const inlines = last.inlines
    .map((inline, i) => (isTextRun(inline) ? { ...inline, text: pieces[i] } : inline))
    .filter((_, i) => pieces[i] !== '');
  const kept = blocks.slice(0, -1);
  return inlines.some((inline) => isTextRun(inline) && inline.text.trim()) ? [...kept, { kind: 'paragraph', inlines }] : kept;
}

class BlockBuilder {
  constructor(private readonly context: BuildContext) {}

  build(roots: Element[]): Block[] {
    const flow = new Flow();
    for (const root of roots) this.visit(root, flow, {}, 0);
    flow.flush();
    return flow.blocks;
  }

  private children(el: Element, flow: Flow, marks: Marks, depth: number): void {
    for (const child of el.children) this.visit(child, flow, marks, depth + 1);
  }

  /** Blocks of an element's content, built in a flow of their own. */
  private blocksOf(el: Element, marks: Marks, depth: number): Block[] {
    const flow = new Flow();
    this.children(el, flow, marks, depth);
    flow.flush();
    return flow.blocks;
  }

  private visit(node: AnyNode, flow: Flow, marks: Marks, depth: number): void {
    if (isText(node)) {
      flow.add({ text: node.data, ...marks });
      return;
    }
    if (!isElement(node) || this.context.excluded.has(node)) return;
    if (depth > MAX_DEPTH) {
      flow.add({ text: ` ${readableText(node)} `, ...marks });
      return;
    }
    const tag = node.name;
    if (tag === 'br') flow.add({ lineBreak: true });
    else if (tag === 'img') flow.add({ image: imageOf(node, this.context.baseUrl) });
    else if (isInlineTag(tag)) this.children(node, flow, marksFor(node, marks, this.context.baseUrl), depth);
    else {
      flow.flush();
      this.visitBlock(node, flow, marks, depth);
      flow.flush();
    }
  }

  private visitBlock(el: Element, flow: Flow, marks: Marks, depth: number): void {
    if (!marks.href || HEADING_TAGS.has(el.name)) {
      this.visitBlockContent(el, flow, marks, depth);
      return;
    }
    // Text blocks inside a link make a teaser card: its summary is prose to read, not a link in the text.
    // (A heading keeps the link, which marks it as the card's title.)
    const { href: _cardLink, ...withoutLink } = marks;
    this.visitBlockContent(el, flow, withoutLink, depth);
  }

  private visitBlockContent(el: Element, flow: Flow, marks: Marks, depth: number): void {
    const tag = el.name;
    if (HEADING_TAGS.has(tag)) {
      const inlines = flattenInlines(this.blocksOf(el, marks, depth));
      if (inlines.length > 0) flow.blocks.push({ kind: 'heading', level: Number(tag[1]), inlines, insideLink: !!marks.href });
    } else if (tag === 'pre') {
      const text = codeText(el, this.context.excluded);
      if (text.trim()) flow.blocks.push({ kind: 'code', language: codeLanguage(el), text });
    } else if (tag === 'ul' || tag === 'ol') {
      const items = this.listItems(el, marks, depth);
      if (items.length > 0) flow.blocks.push({ kind: 'list', ordered: tag === 'ol', start: Number(el.attribs.start) || 1, items });
    } else if (tag === 'blockquote') {
      const blocks = isEmbeddedPost(el) ? this.postBlocks(el, marks, depth) : this.blocksOf(el, marks, depth);
      if (blocks.length > 0) flow.blocks.push({ kind: 'quote', blocks });
    } else if (tag === 'table' && !isLayoutTable(el)) {
      const rows = this.tableRows(el, marks, depth);
      if (rows.length > 0) flow.blocks.push(...this.tableCaption(el, marks, depth), { kind: 'table', rows });
    } else if (tag === 'dl') {
      const entries = this.definitions(el, marks, depth);
      if (entries.length > 0) flow.blocks.push({ kind: 'definitions', entries });
    } else if (tag === 'figcaption') {
      for (const block of withoutCaptionCredit(this.blocksOf(el, marks, depth))) flow.blocks.push(block);
    } else if (tag === 'hr') {
      flow.blocks.push({ kind: 'rule' });
    } else {
      this.children(el, flow, marks, depth);
    }
  }

  /** An embedded social post's paragraphs, without the attribution line ("— Name (@handle) date") around them. */
  private postBlocks(post: Element, marks: Marks, depth: number): Block[] {
    const flow = new Flow();
    for (const child of post.children) if (isElement(child) && !isInlineTag(child.name)) this.visit(child, flow, marks, depth + 1);
    flow.flush();
    return flow.blocks;
  }

  private listItems(list: Element, marks: Marks, depth: number): Block[][] {
    const items: Block[][] = [];
    for (const child of list.children) {
      if (!isElement(child) || this.context.excluded.has(child)) continue;
      const blocks = child.name === 'li' ? this.blocksOf(child, marks, depth + 1) : (() => {
        const flow = new Flow();
        this.visit(child, flow, marks, depth + 1);
        flow.flush();
        return flow.blocks;
      })();
      if (blocks.length > 0) items.push(blocks);
    }
    return items;
  }

  /** The caption of a table, as the paragraph before it. */
  private tableCaption(table: Element, marks: Marks, depth: number): Block[] {
    const caption = table.children.find((child): child is Element => isElement(child) && child.name === 'caption');
    return caption && !this.context.excluded.has(caption) ? this.blocksOf(caption, marks, depth + 1) : [];
  }

  private tableRows(table: Element, marks: Marks, depth: number): TableRow[] {
    const rows: TableRow[] = [];
    const visitRows = (parent: Element, inHead: boolean) => {
      for (const child of parent.children) {
        if (!isElement(child) || this.context.excluded.has(child)) continue;
        if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') visitRows(child, child.name === 'thead');
        else if (child.name === 'tr') {
          const cellElements = child.children.filter(
            (cell): cell is Element => isElement(cell) && (cell.name === 'td' || cell.name === 'th') && !this.context.excluded.has(cell),
          );
          const cells = cellElements.map((cell) => flattenInlines(this.blocksOf(cell, marks, depth + 2)));
          if (cells.some((cell) => inlinePlainText(cell))) {
            rows.push({ header: inHead || cellElements.every((cell) => cell.name === 'th'), cells });
          }
        }
      }
    };
    visitRows(table, false);
    return rows;
  }

  private definitions(list: Element, marks: Marks, depth: number): Definition[] {
    const entries: Definition[] = [];
    const visitItems = (parent: Element) => {
      for (const child of parent.children) {
        if (!isElement(child) || this.context.excluded.has(child)) continue;
        if (child.name === 'dt') entries.push({ term: flattenInlines(this.blocksOf(child, marks, depth + 1)), details: [] });
        else if (child.name === 'dd') {
          if (entries.length === 0) entries.push({ term: [], details: [] });
          entries[entries.length - 1].details.push(flattenInlines(this.blocksOf(child, marks, depth + 1)));
        } else visitItems(child);
      }
    };
    visitItems(list);
    return entries.filter((entry) => inlinePlainText(entry.term) || entry.details.some((detail) => inlinePlainText(detail)));
  }
}

/** The content model of the selected roots, leaving out excluded elements. */
export function buildBlocks(roots: Element[], excluded: Set<Element>, baseUrl: string | null): Block[] {
  return new BlockBuilder({ excluded, baseUrl }).build(roots);
}

const blockTexts = new WeakMap<Block, string>();

/** Plain text of a block, for checks on its wording (computed once per block). */
export function blockText(block: Block): string {
  let text = blockTexts.get(block);
  if (text === undefined) {
    text = block.kind === 'heading' || block.kind === 'paragraph' ? inlinePlainText(block.inlines) : inlinePlainText(flattenInlines([block]));
    blockTexts.set(block, text);
  }
  return text;
}
