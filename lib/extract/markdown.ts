import { inlinePlainText, isTextRun, type Block, type Inline, type TextRun } from './content-blocks';

const MARKDOWN_SPECIAL = /[\\`*[\]<]/;

function escapeText(text: string): string {
  let escaped = MARKDOWN_SPECIAL.test(text) ? text.replace(/([\\`*[\]<])/g, '\\$1') : text;
  // An underscore inside a word (snake_case) cannot start emphasis; only the others need escaping.
  if (escaped.includes('_')) escaped = escaped.replace(/(^|[^\p{L}\p{N}])_|_(?=[^\p{L}\p{N}]|$)/gu, (match) => match.replace('_', '\\_'));
  return escaped;
}

function escapeUrl(url: string): string {
  return url.replace(/[()\s<>]/g, (char) => encodeURIComponent(char));
}

/** Length of the longest match; a reduce, because a spread of every match could overflow the call stack. */
function longestMatch(text: string, pattern: RegExp): number {
  return (text.match(pattern) ?? []).reduce((longest, match) => Math.max(longest, match.length), 0);
}

function codeSpan(text: string): string {
  const longestRun = longestMatch(text, /`+/g);
  const fence = '`'.repeat(longestRun + 1);
  const padding = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${padding}${text}${padding}${fence}`;
}

/** Leading whitespace, content, trailing whitespace: markers must hug the content ("** bold**" is not bold). */
function splitEdges(text: string): [string, string, string] {
  const [, leading, core, trailing] = /^(\s*)(.*?)(\s*)$/s.exec(text)!;
  return [leading, core, trailing];
}

function wrap(text: string, marker: string): string {
  const [leading, core, trailing] = splitEdges(text);
  return core ? `${leading}${marker}${core}${marker}${trailing}` : text;
}

function styledRun(run: TextRun): string {
  if (run.code) {
    const [leading, core, trailing] = splitEdges(run.text);
    return core ? `${leading}${codeSpan(core)}${trailing}` : run.text;
  }
  let text = escapeText(run.text);
  if (run.strong) text = wrap(text, '**');
  if (run.em) text = wrap(text, '*');
  return text;
}

const sameStyle = (a: TextRun, b: TextRun) => a.strong === b.strong && a.em === b.em && a.code === b.code && a.href === b.href;

/** Inline content as Markdown: runs with identical styling are merged, links grouped, whitespace collapsed. */
function renderInlines(inlines: Inline[]): string {
  const merged: Inline[] = [];
  for (const inline of inlines) {
    const normalized = isTextRun(inline) ? { ...inline, text: inline.text.replace(/[\s\u200b]+/g, ' ') } : inline;
    const previous = merged[merged.length - 1];
    if (isTextRun(normalized) && previous && isTextRun(previous) && sameStyle(previous, normalized)) {
      merged[merged.length - 1] = { ...previous, text: previous.text + normalized.text };
    } else {
      merged.push(normalized);
    }
  }

  let out = '';
  for (let i = 0; i < merged.length; i++) {
    const inline = merged[i];
    if ('lineBreak' in inline) out += '  \n';
    else if ('image' in inline) out += inline.image.src ? `![${escapeText(inline.image.alt)}](${escapeUrl(inline.image.src)})` : '';
    else if (inline.href) {
      const href = inline.href;
      let label = '';
      for (; i < merged.length; i++) {
        const run = merged[i];
        if (!isTextRun(run) || run.href !== href) break;
        label += styledRun(run);
      }
      i--;
      const leading = /^\s*/.exec(label)![0];
      const trailing = /\s*$/.exec(label)![0];
      const text = label.trim();
      out += text ? `${leading}[${text}](${escapeUrl(href)})${trailing}` : label;
    } else out += styledRun(inline);
  }
  return out
    .replace(/ {2,}(?!\n)/g, ' ')
    .replace(/^ +| +$/g, '')
    .replace(/ *(  \n) */g, '$1')
    .replace(/^(\s*)([#>+-])(?=\s)/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s)/, '$1\\$2');
}

function indent(text: string, prefix: string): string {
  return text.replace(/\n(?!\n)/g, `\n${prefix}`).replace(/\n\n/g, `\n\n${prefix}`);
}

function renderTable(rows: { cells: Inline[][] }[]): string {
  const width = rows.reduce((widest, row) => Math.max(widest, row.cells.length), 0);
  const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  const rendered = rows.map((row) => row.cells.map((cell) => renderInlines(cell).replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|')));
  return [line(rendered[0]), line(Array(width).fill('---')), ...rendered.slice(1).map(line)].join('\n');
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${renderInlines(block.inlines).replace(/\s*\n\s*/g, ' ')}`;
    case 'paragraph':
      return renderInlines(block.inlines);
    case 'list':
      return block.items
        .map((item, index) => {
          const marker = block.ordered ? `${block.start + index}.` : '-';
          const body = item.map(renderBlock).filter(Boolean).join('\n');
          return `${marker} ${indent(body, ' '.repeat(marker.length + 1))}`;
        })
        .join('\n');
    case 'code': {
      const longestFence = Math.max(2, longestMatch(block.text, /^`{3,}/gm));
      const fence = '`'.repeat(longestFence + 1);
      return `${fence}${block.language ?? ''}\n${block.text}\n${fence}`;
    }
    case 'quote':
      return renderBlocks(block.blocks)
        .split('\n')
        .map((line) => (line ? `> ${line}` : '>'))
        .join('\n');
    case 'table':
      return renderTable(block.rows);
    case 'definitions':
      return block.entries
        .map((entry) => {
          const term = inlinePlainText(entry.term) ? `**${renderInlines(entry.term)}**` : '';
          return [term, ...entry.details.map(renderInlines)].filter(Boolean).join('  \n');
        })
        .join('\n\n');
    case 'image':
      return block.src ? `![${escapeText(block.alt)}](${escapeUrl(block.src)})` : '';
    case 'rule':
      return '---';
  }
}

function renderBlocks(blocks: Block[]): string {
  return blocks.map(renderBlock).filter(Boolean).join('\n\n');
}

/** The content as CommonMark (with GFM tables): headings, lists, links, tables, fenced code, images. */
export function renderMarkdown(blocks: Block[]): string {
  return renderBlocks(blocks);
}
