import { checkUrlLiteral } from '../lib/http';
import type { ErrorDetail } from './errors';

/** The synchronous part of the SSRF guard, so a bad URL is refused before anything starts. */
export function urlProblem(path: string, url: string, allowedHosts: string[], allowedPorts: number[]): ErrorDetail | null {
  const verdict = checkUrlLiteral(url, allowedHosts, allowedPorts);
  return verdict.ok ? null : { path, message: verdict.reason };
}
