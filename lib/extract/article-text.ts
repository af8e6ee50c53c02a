import { blockText, inlinePlainText, type Block } from './content-blocks';

function blockPlainText(block: Block): string {
  switch (block.kind) {
    case 'heading':
    case 'paragraph':
      return blockText(block);
    case 'list':
      return block.items.map((item) => renderLines(item, '\n')).filter(Boolean).join('\n');
    case 'code':
      return block.text;
    case 'quote':
      return renderLines(block.blocks, '\n\n');
    case 'table':
      return block.rows.map((row) => row.cells.map((cell) => inlinePlainText(cell).replace(/\n/g, ' ')).join('\t')).join('\n');
    case 'definitions':
      return block.entries
        .flatMap((entry) => [inlinePlainText(entry.term), ...entry.details.map((detail) => inlinePlainText(detail))])
        .filter(Boolean)
        .join('\n');
    case 'image':
    case 'rule':
      return '';
  }
}

function renderLines(blocks: Block[], separator: string): string {
  return blocks.map(blockPlainText).filter(Boolean).join(separator);
}

/** The content as plain text: one block per paragraph, separated by blank lines; list items one per line. */
export function renderPlainText(blocks: Block[]): string {
  return renderLines(blocks, '\n\n');
}
