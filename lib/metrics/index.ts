export { createTrawlMetrics, trawlMetrics, type TrawlMetrics } from './registry';
export { httpMetrics, metricsHandler, routePattern, UNMATCHED_ROUTE } from './http';
export { parseBindAddress, serveMetrics, type MetricsEndpoint } from './endpoint';
