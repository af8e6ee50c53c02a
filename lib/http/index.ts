export { FetchFailure, isFetchFailure, isRetryableByDefault, type FetchFailureType, type FetchFailureDetails } from './fetch-failure';
export {
  createFetcher,
  type Fetcher,
  type FetcherOptions,
  type FetchRequest,
  type FetchedResponse,
  type PostRequest,
} from './fetcher';
export { normalizeUrl, type NormalizeUrlOptions } from './url';
export { checkUrlLiteral, type UrlCheck } from './address-policy';
export { parseRetryAfter } from './retry-after';
export { DEFAULT_ACCEPT_CONTENT_TYPES } from './content-type';
export { decodeBody, type DecodedText } from './charset';
export type { ResolveHostname } from './resolver';
export {
  createHostThrottle,
  type HostThrottle,
  type HostThrottleOptions,
  type HostThrottleStats,
  type ScheduleOptions,
} from './host-throttle';
export {
  createCircuitBreaker,
  isHostFailure,
  type CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitState,
  type HostCircuit,
} from './circuit-breaker';
export { createRobotsCache, type RobotsCache, type RobotsCacheOptions } from './robots';
