import { TestWorkflowEnvironment } from '@temporalio/testing';
import { trawlSearchAttributes } from '../../workflows/search-attributes';

export interface DevServerOptions {
  cliPath: string;
  /** SQLite file so runs survive a restart; in memory when absent. */
  dbFilename?: string;
  /** gRPC port; a free one when absent. */
  port?: number;
  /** Web UI port; no UI when absent. */
  uiPort?: number;
  namespace?: string;
  /** Extra `temporal server start-dev` arguments. */
  extraArgs?: string[];
}

export interface DevServer { address: string; uiUrl: string | null; stop(): Promise<void> }

/** The real Temporal server (`temporal server start-dev`) from a CLI binary, with Trawl's search attributes registered. */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: options.cliPath },
      ip: '127.0.0.1',
      port: options.port,
      ui: options.uiPort !== undefined,
      uiPort: options.uiPort,
      dbFilename: options.dbFilename,
      namespace: options.namespace ?? 'default',
      searchAttributes: trawlSearchAttributes,
      log: { format: 'pretty', level: 'error' },
      extraArgs: options.extraArgs,
    },
  });
  return {
    address: env.address,
    uiUrl: options.uiPort !== undefined ? `http://127.0.0.1:${options.uiPort}` : null,
    stop: () => env.teardown(),
  };
}
