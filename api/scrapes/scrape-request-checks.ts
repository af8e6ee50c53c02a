import { compileSchema } from '../../activities/validate';
import { selectorProblem } from '../../lib/extract/selector';
import type { ScrapeRequest } from '../../lib/scrape-options';
import { badRequest, type ErrorDetail } from '../errors';
import { urlProblem } from '../url-checks';

/** What zod cannot see: URLs the SSRF guard refuses, selectors cheerio cannot parse, a schema Ajv cannot compile. */
export interface UsabilityPolicy { allowedHosts: string[]; allowedPorts: number[]; ignoreRobotsHosts: string[] }

export function assertScrapeRequestUsable(request: ScrapeRequest, { allowedHosts, allowedPorts, ignoreRobotsHosts }: UsabilityPolicy): void {
  const problems: ErrorDetail[] = [];
  const urlIssue = urlProblem('url', request.url, allowedHosts, allowedPorts);
  if (urlIssue) problems.push(urlIssue);
  request.notify.forEach((target, i) => {
    const issue = urlProblem(`notify.${i}.url`, target.url, allowedHosts, allowedPorts);
    if (issue) problems.push(issue);
  });
  for (const [name, rule] of Object.entries(request.rules)) {
    const problem = selectorProblem(rule.selector);
    if (problem) problems.push({ path: `rules.${name}.selector`, message: `not a valid CSS selector: ${problem}` });
  }
  if (request.ignoreRobots && !urlIssue && !ignoreRobotsHosts.includes(new URL(request.url).hostname)) {
    problems.push({ path: 'ignoreRobots', message: `robots.txt may only be ignored for hosts the operator allows (TRAWL_IGNORE_ROBOTS_HOSTS)` });
  }
  if (request.schema) {
    const compiled = compileSchema(request.schema);
    if (!compiled.ok) problems.push({ path: 'schema', message: `not a valid JSON Schema: ${compiled.message}` });
  }
  if (problems.length > 0) throw badRequest('the scrape request cannot be run', problems);
}
