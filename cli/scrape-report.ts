import type { Scrape, Summary } from './api-types';

/** The end of `trawl scrape` for a person: outcome, summary (saying how it was made), and where to see the run. */
export function formatScrapeReport(scrape: Scrape, summary: Summary | null, { apiUrl, summaryRequested }: { apiUrl: string; summaryRequested: boolean }): string {
  const sections = [outcomeLine(scrape)];
  if (summary) sections.push(`${summaryHeading(summary)}\n${summary.text.trim()}`);
  else if (summaryRequested && scrape.status === 'completed') sections.push('No summary was stored for this scrape.');
  sections.push(whereToLook(scrape, apiUrl));
  return `${sections.join('\n\n')}\n`;
}

function outcomeLine(scrape: Scrape): string {
  const { pagesFetched = 0, pagesFailed = 0, pagesDiscovered = 0 } = scrape.progress;
  const counts = `${pagesFetched} page${pagesFetched === 1 ? '' : 's'} fetched, ${pagesFailed} failed, ${pagesDiscovered} discovered`;
  const failure = scrape.status === 'failed' && scrape.error ? ` — ${scrape.error.type}: ${scrape.error.message}` : '';
  return `Scrape ${scrape.id} of ${scrape.url} ${scrape.status}: ${counts}${failure}`;
}

/** States plainly whether a model wrote the summary or Trawl picked sentences locally. */
export function summaryHeading(summary: Summary): string {
  const how = summary.method === 'extractive'
    ? 'local extractive summary: sentences picked from the pages by Trawl, not written by a model'
    : `written by the model ${summary.model ?? '(unknown)'}`;
  const notes = [`${summary.pages} page${summary.pages === 1 ? '' : 's'}`];
  if (summary.truncated) notes.push('input truncated to fit the model');
  if (summary.note) notes.push(summary.note);
  return `Summary (${how}; ${notes.join('; ')}):`;
}

function whereToLook(scrape: Scrape, apiUrl: string): string {
  return [
    `Status:   ${apiUrl}${scrape.links.self}  (and its /pages, /summary)`,
    `Workflow: ${scrape.workflowId}  (Temporal Web UI, or: temporal workflow show --workflow-id ${scrape.workflowId})`,
  ].join('\n');
}
