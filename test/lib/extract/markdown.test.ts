import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { extractPage } from '../../../lib/extract';
import { renderPlainText } from '../../../lib/extract/article-text';
import { buildBlocks } from '../../../lib/extract/content-blocks';
import { renderMarkdown } from '../../../lib/extract/markdown';

const BASE = 'https://site.example/docs/guide/';

function blocksOf(html: string) {
  const $ = load(`<body>${html}</body>`);
  return buildBlocks([$('body').get(0)!], new Set(), BASE);
}
const markdownOf = (html: string) => renderMarkdown(blocksOf(html));
const textOf = (html: string) => renderPlainText(blocksOf(html));

describe('Markdown rendering', () => {
  it('renders headings at their level', () => {
    expect(markdownOf('<h1>One</h1><h2>Two <em>words</em></h2><h4>Four</h4>')).toBe('# One\n\n## Two *words*\n\n#### Four');
  });

  it('renders nested lists with markers and indentation', () => {
    const html = `<ul>
      <li>Fruit
        <ol><li>Apple</li><li>Pear<ul><li>Conference</li></ul></li></ol>
      </li>
      <li>Vegetables</li>
    </ul>
    <ol start="3"><li>third</li><li>fourth</li></ol>`;
    expect(markdownOf(html)).toBe(
      ['- Fruit', '  1. Apple', '  2. Pear', '     - Conference', '- Vegetables', '', '3. third', '4. fourth'].join('\n'),
    );
  });

  it('makes links absolute against the page URL and keeps their styling', () => {
    expect(markdownOf('<p>See <a href="../api#retry">the <strong>API</strong> page</a> or <a href="https://other.example/x">this</a>.</p>')).toBe(
      'See [the **API** page](https://site.example/docs/api#retry) or [this](https://other.example/x).',
    );
  });

  it('drops javascript: links but keeps their text', () => {
    expect(markdownOf('<p><a href="javascript:void(0)">Click</a> here</p>')).toBe('Click here');
  });

  it('renders data tables as GFM tables', () => {
    const html = `<table>
      <thead><tr><th>Option</th><th>Default</th></tr></thead>
      <tbody><tr><td><code>retries</code></td><td>3</td></tr><tr><td>mode</td><td>a | b</td></tr></tbody>
    </table>`;
    expect(markdownOf(html)).toBe('| Option | Default |\n| --- | --- |\n| `retries` | 3 |\n| mode | a \\| b |');
  });

  it('renders a table whose cells hold paragraphs as data when it has header cells, with its caption before it', () => {
    const html = `<table><caption>Pool sizing options</caption>
      <thead><tr><th><p>Option</p></th><th><p>Default</p></th></tr></thead>
      <tbody><tr><td><p><code>min_size</code></p></td><td><p>1</p></td></tr></tbody>
    </table>`;
    expect(markdownOf(html)).toBe('Pool sizing options\n\n| Option | Default |\n| --- | --- |\n| `min_size` | 1 |');
  });

  it('treats layout tables as ordinary containers', () => {
    const html = '<table><tr><td><p>First paragraph of the page.</p><p>Second one.</p></td></tr></table>';
    expect(markdownOf(html)).toBe('First paragraph of the page.\n\nSecond one.');
  });

  it('fences code blocks with their language and keeps their whitespace', () => {
    const html = '<pre class="language-ts"><code>const a = 1;\n\nif (a) {\n  run();\n}\n</code></pre><p>Inline <code>x &lt; y</code> code.</p>';
    expect(markdownOf(html)).toBe('```ts\nconst a = 1;\n\nif (a) {\n  run();\n}\n```\n\nInline `x < y` code.');
  });

  it('leaves the line numbers of highlighted code out, in a gutter column or inline', () => {
    const page = (code: string) => `<html><body><main><h1>Pools</h1>
      <p>Opening a new database connection is slow, so a pool keeps a set of them open and hands them out.</p>${code}</main></body></html>`;
    const gutter = '<table class="highlighttable"><tr><td class="linenos"><pre>1\n2</pre></td><td class="code"><pre>pool = create()\npool.close()</pre></td></tr></table>';
    const inline = '<pre><span class="linenos">1</span>pool = create()\n<span class="linenos">2</span>pool.close()</pre>';
    for (const code of [gutter, inline]) {
      expect(extractPage(page(code), BASE).markdown).toContain('```\npool = create()\npool.close()\n```');
    }
  });

  it('uses a longer fence when the code contains one', () => {
    expect(markdownOf('<pre>```\nnested\n```</pre>')).toBe('````\n```\nnested\n```\n````');
  });

  it('renders images with their alt text and absolute source', () => {
    expect(markdownOf('<figure><img src="img/diagram.png" alt="Queue diagram"><figcaption>How jobs move.</figcaption></figure>')).toBe(
      '![Queue diagram](https://site.example/docs/guide/img/diagram.png)\n\nHow jobs move.',
    );
  });

  it('renders block quotes, rules and line breaks', () => {
    expect(markdownOf('<blockquote><p>Quoted</p><p>Twice</p></blockquote><hr><p>Line one<br>line two</p>')).toBe(
      '> Quoted\n>\n> Twice\n\n---\n\nLine one  \nline two',
    );
  });

  it('escapes text that would otherwise be read as Markdown', () => {
    expect(markdownOf('<p>2 * 3 = 6 and [not a link] and snake_case_name</p><p>1. not a list</p><p># not a heading</p>')).toBe(
      '2 \\* 3 = 6 and \\[not a link\\] and snake_case_name\n\n1\\. not a list\n\n\\# not a heading',
    );
  });

  it('splits <br><br> runs into paragraphs', () => {
    expect(markdownOf('<div>First part.<br><br>Second part.<br>\n<br>Third.</div>')).toBe('First part.\n\nSecond part.\n\nThird.');
  });
});

describe('plain text', () => {
  it('separates blocks with blank lines and list items with newlines', () => {
    expect(textOf('<h2>Title</h2><p>One  <b>two</b>\n three.</p><ul><li>a</li><li>b</li></ul><table><tr><td>k</td><td>v</td></tr></table>')).toBe(
      'Title\n\nOne two three.\n\na\nb\n\nk\tv',
    );
  });

  it('gives the same content as the Markdown of a whole page', () => {
    const html = `<html><head><title>Guide</title></head><body><nav><a href="/">Home</a></nav><main><article>
      <h1>Guide</h1>
      <p>This guide explains how retries work, why they matter, and how to configure them for your own queues.</p>
      <h2>Setup</h2><p>Install the package, then create a queue with a retry policy that fits the work it does.</p>
      <pre><code>npm install queue</code></pre>
    </article></main><footer>© 2024</footer></body></html>`;
    const result = extractPage(html, 'https://site.example/guide');
    expect(result.articleBody).toBe(
      'This guide explains how retries work, why they matter, and how to configure them for your own queues.\n\nSetup\n\nInstall the package, then create a queue with a retry policy that fits the work it does.\n\nnpm install queue',
    );
    expect(result.markdown).toBe(
      'This guide explains how retries work, why they matter, and how to configure them for your own queues.\n\n## Setup\n\nInstall the package, then create a queue with a retry policy that fits the work it does.\n\n```\nnpm install queue\n```',
    );
  });
});
