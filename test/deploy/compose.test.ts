/**
 * Static and executable checks of the Docker deployment: docker-compose.yml, Dockerfile, .dockerignore and deploy/.
 * No Docker engine is needed. Parts that can run here are run for real: the healthcheck one-liners (against a local
 * HTTP server), deploy/temporal/setup.sh (against the test run's Temporal dev server), the PostgreSQL init SQL
 * (against the test PostgreSQL). `docker compose config` cannot run here: no Compose plugin is installed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { describe, expect, inject, it } from 'vitest';
import { parse as parseYaml, parseDocument } from 'yaml';
import { parseConfig } from '../../lib/config';
import { findTemporalCli } from '../../lib/temporal/cli';
import { trawlSearchAttributes } from '../../workflows/search-attributes';
import {
  dockerignored,
  execForm,
  interpolate,
  interpolateDeep,
  isPinned,
  literalSecretProblem,
  nodeImageMinimumVersion,
  npmInvocations,
  parseDockerfile,
  parseHealthcheck,
  parseImage,
  parsePort,
  promqlRefs,
  resolveServiceEnvironment,
  satisfiesRange,
  SECRET_NAME,
  secretLiteralsIn,
  variableRefs,
  type Env,
} from './helpers';

type Service = Record<string, any>;
interface ComposeFile { services: Record<string, Service>; volumes?: Record<string, unknown>; [key: string]: unknown }

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (relative: string) => readFileSync(path.join(root, relative), 'utf8');

// Host environments Compose could be run with: the minimum (the one required secret) and everything set.
const MINIMAL_ENV: Env = { POSTGRES_PASSWORD: 'compose-test-password' };
const FULL_ENV: Env = {
  POSTGRES_PASSWORD: 'compose-test-password',
  OPENAI_API_KEY: 'test-openai-key',
  OPENAI_BASE_URL: 'https://llm.example.test/v1',
  OPENAI_MODEL: 'test-model',
  OPENAI_TIMEOUT_MS: '5000',
  TEMPORAL_NAMESPACE: 'trawl-prod',
  TEMPORAL_TASK_QUEUE: 'scrapes',
  TRAWL_ALLOWED_HOSTS: 'intranet.example',
  TRAWL_ALLOWED_PORTS: '8443',
  LOG_LEVEL: 'debug',
  GF_SECURITY_ADMIN_PASSWORD: 'grafana-test-password',
};

const composeText = read('docker-compose.yml');
const composeDoc = parseDocument(composeText, { merge: true });
/** As written (variables not substituted). */
const composeRaw = composeDoc.toJS({ maxAliasCount: 1000 }) as ComposeFile;
/** As Compose sees it with MINIMAL_ENV. */
const compose = interpolateDeep(composeRaw, MINIMAL_ENV);
const services = compose.services;
const rawServices = composeRaw.services;

const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string>; engines: { node: string } };
const dockerfile = parseDockerfile(read('Dockerfile'));

const CORE_SERVICES = ['postgres', 'temporal', 'temporal-setup', 'temporal-ui', 'migrate', 'api', 'worker'];
const OBSERVABILITY_SERVICES = ['prometheus', 'grafana'];
const ONE_SHOT_SERVICES = ['migrate', 'temporal-setup'];
const APP_SERVICES = ['api', 'worker', 'migrate'];

/** Metric names the dashboard may use (added by the metrics work); `temporal_*` SDK metrics are also allowed. */
const KNOWN_METRICS: Record<string, string[]> = {
  trawl_http_requests_total: ['method', 'route', 'status'],
  trawl_http_request_duration_seconds_bucket: ['route', 'le'],
  trawl_http_requests_in_flight: [],
  trawl_scrapes_total: ['status'],
  trawl_pages_fetched_total: [],
  trawl_pages_failed_total: [],
  trawl_fetch_bytes_total: [],
  trawl_step_duration_seconds_bucket: ['step', 'le'],
  trawl_activity_retries_total: ['activity'],
  trawl_webhook_deliveries_total: ['outcome'],
};
/** Labels Prometheus attaches to every scraped series (job, instance, and the static labels in prometheus.yml). */
const TARGET_LABELS = ['job', 'instance', 'service'];

/** Variable names lib/config.ts reads: the `NAME:` keys of its schema, taken from the source text (the schema is not exported). */
function configKeys(): Set<string> {
  const source = read('lib/config.ts');
  return new Set([...source.matchAll(/^\s+([A-Z][A-Z0-9_]*)\s*:/gm)].map((match) => match[1]));
}

function dependsOn(service: Service): Record<string, string> {
  const value = service.depends_on;
  if (!value) return {};
  if (Array.isArray(value)) return Object.fromEntries(value.map((name: string) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(value as Record<string, { condition?: string }>).map(([name, spec]) => [name, spec?.condition ?? 'service_started']));
}

function healthcheckTest(service: Service): string[] | null {
  const check = service.healthcheck;
  if (!check || check.disable === true) return null;
  const test = check.test;
  if (typeof test === 'string') return ['CMD-SHELL', test];
  if (Array.isArray(test) && test[0] !== 'NONE') return test as string[];
  return null;
}

function commandOf(service: Service): string[] {
  const command = service.command;
  if (Array.isArray(command)) return command;
  if (typeof command === 'string') return command.split(/\s+/);
  return [];
}

interface Bind { source: string; target: string; readOnly: boolean }
function binds(service: Service): Bind[] {
  return (service.volumes ?? []).flatMap((volume: unknown): Bind[] => {
    if (typeof volume === 'string') {
      const [source, target, mode = ''] = volume.split(':');
      return source.startsWith('.') || source.startsWith('/') ? [{ source, target, readOnly: mode.split(',').includes('ro') }] : [];
    }
    const long = volume as { type?: string; source: string; target: string; read_only?: boolean };
    return long.type === 'bind' ? [{ source: long.source, target: long.target, readOnly: Boolean(long.read_only) }] : [];
  });
}

function namedVolumes(service: Service): string[] {
  return (service.volumes ?? []).flatMap((volume: unknown) => {
    if (typeof volume === 'string') {
      const source = volume.split(':')[0];
      return volume.includes(':') && !source.startsWith('.') && !source.startsWith('/') ? [source] : [];
    }
    const long = volume as { type?: string; source?: string };
    return long.type === 'volume' && long.source ? [long.source] : [];
  });
}

/** The container path a repository path is mounted at, in a service. */
function mountTarget(service: Service, repoPath: string): string | undefined {
  return binds(service).find((bind) => path.resolve(root, bind.source) === path.resolve(root, repoPath))?.target;
}

/** Runs a command, returning its exit code and output. */
function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? root, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('docker-compose.yml', () => {
  it('is valid YAML whose services use only known Compose keys and dependency conditions', () => {
    expect(composeDoc.errors.map(String)).toEqual([]);
    expect(composeDoc.warnings.map(String)).toEqual([]);
    const serviceKeys = new Set(['image', 'build', 'command', 'entrypoint', 'environment', 'env_file', 'ports', 'volumes',
      'depends_on', 'healthcheck', 'restart', 'profiles', 'user', 'working_dir', 'init', 'stop_grace_period', 'expose', 'labels']);
    const conditions = new Set(['service_started', 'service_healthy', 'service_completed_successfully']);
    const problems: string[] = [];
    for (const [name, service] of Object.entries(services) as [string, Record<string, any>][]) {
      for (const key of Object.keys(service)) if (!serviceKeys.has(key)) problems.push(`${name}.${key}`);
      for (const [dependency, spec] of Object.entries(dependsOn(service))) {
        if (!conditions.has(spec)) problems.push(`${name}.depends_on.${dependency}`);
      }
      for (const key of Object.keys(service.healthcheck ?? {})) {
        if (!['test', 'interval', 'timeout', 'retries', 'start_period', 'start_interval', 'disable'].includes(key)) problems.push(`${name}.healthcheck.${key}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('defines the core services, and Prometheus and Grafana only in the observability profile', () => {
    expect(Object.keys(services).sort()).toEqual([...CORE_SERVICES, ...OBSERVABILITY_SERVICES].sort());
    for (const name of CORE_SERVICES) expect(services[name].profiles, name).toBeUndefined();
    for (const name of OBSERVABILITY_SERVICES) expect(services[name].profiles, name).toEqual(['observability']);
    // A default `docker compose up` must not need a profiled service.
    for (const name of CORE_SERVICES) {
      for (const dependency of Object.keys(dependsOn(services[name]))) expect(OBSERVABILITY_SERVICES, `${name} -> ${dependency}`).not.toContain(dependency);
    }
  });

  it('pins every image to a tag other than latest', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(typeof service.image, `${name} has an image`).toBe('string');
      expect(isPinned(service.image), `${name}: ${service.image}`).toBe(true);
    }
    expect(isPinned('grafana/grafana')).toBe(false);
    expect(isPinned('grafana/grafana:latest')).toBe(false);
    expect(isPinned('localhost:5000/trawl')).toBe(false);
    expect(isPinned('postgres@sha256:abc')).toBe(true);

    const image = (name: string) => parseImage(services[name].image);
    expect(image('postgres')).toMatchObject({ repository: 'postgres', tag: expect.stringMatching(/^16(\.|$|-)/) });
    expect(image('temporal')).toMatchObject({ repository: 'temporalio/auto-setup', tag: expect.stringMatching(/^1\.29\.\d+$/) });
    // admin-tools from the same server release as the server.
    expect(image('temporal-setup').repository).toBe('temporalio/admin-tools');
    expect(image('temporal-setup').tag!.startsWith(image('temporal').tag!)).toBe(true);
    expect(image('temporal-ui')).toMatchObject({ repository: 'temporalio/ui', tag: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect(image('prometheus')).toMatchObject({ repository: 'prom/prometheus', tag: expect.stringMatching(/^v\d+\.\d+\.\d+$/) });
    expect(image('grafana')).toMatchObject({ repository: 'grafana/grafana', tag: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  });

  it('publishes the API on 3000, Temporal on 7233 and its UI on 8080, and no host port twice', () => {
    const published = (name: string) => (services[name].ports ?? []).map(parsePort);
    expect(published('api')).toContainEqual(expect.objectContaining({ published: 3000, target: 3000 }));
    expect(published('temporal')).toContainEqual(expect.objectContaining({ published: 7233, target: 7233 }));
    expect(published('temporal-ui')).toContainEqual(expect.objectContaining({ published: 8080, target: 8080 }));
    expect(services.postgres.ports, 'PostgreSQL stays on the compose network').toBeUndefined();

    const used = Object.entries(services).flatMap(([name, service]) => (service.ports ?? []).map(parsePort).filter((port: { published?: number }) => port.published !== undefined).map((port: { published?: number; protocol: string }) => `${port.published}/${port.protocol} (${name})`));
    const bare = used.map((entry) => entry.split(' ')[0]);
    expect(new Set(bare).size, used.join(', ')).toBe(bare.length);

    expect(parsePort('127.0.0.1:8080:8080')).toEqual({ hostIp: '127.0.0.1', published: 8080, target: 8080, protocol: 'tcp' });
    expect(parsePort('3000')).toEqual({ target: 3000, protocol: 'tcp' });
  });

  it('orders start-up with depends_on conditions', () => {
    const appDependencies = {
      postgres: 'service_healthy',
      temporal: 'service_healthy',
      'temporal-setup': 'service_completed_successfully',
      migrate: 'service_completed_successfully',
    };
    expect(dependsOn(services.api)).toEqual(appDependencies);
    expect(dependsOn(services.worker)).toEqual(appDependencies);
    expect(dependsOn(services.migrate)).toEqual({ postgres: 'service_healthy' });
    expect(dependsOn(services.temporal)).toEqual({ postgres: 'service_healthy' });
    expect(dependsOn(services['temporal-setup'])).toEqual({ temporal: 'service_healthy' });
    expect(dependsOn(services['temporal-ui'])).toEqual({ temporal: 'service_healthy' });
    expect(dependsOn(services.grafana)).toEqual({ prometheus: 'service_healthy' });

    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, condition] of Object.entries(dependsOn(service))) {
        expect(services[dependency], `${name} depends on unknown ${dependency}`).toBeDefined();
        // A condition Compose cannot satisfy would hang or fail `up`.
        if (condition === 'service_healthy') expect(healthcheckTest(services[dependency]), `${name} waits for ${dependency} to be healthy`).not.toBeNull();
        if (condition === 'service_completed_successfully') expect(ONE_SHOT_SERVICES, `${name} waits for ${dependency} to complete`).toContain(dependency);
      }
    }

    // No cycles: a topological order exists.
    const remaining = new Map(Object.entries(services).map(([name, service]) => [name, new Set(Object.keys(dependsOn(service)))]));
    while (remaining.size > 0) {
      const ready = [...remaining].filter(([, deps]) => [...deps].every((dep) => !remaining.has(dep))).map(([name]) => name);
      expect(ready.length, `dependency cycle among ${[...remaining.keys()].join(', ')}`).toBeGreaterThan(0);
      for (const name of ready) remaining.delete(name);
    }
  });

  it('gives every long-running service a healthcheck, and runs the one-shot services once', () => {
    for (const [name, service] of Object.entries(services)) {
      if (ONE_SHOT_SERVICES.includes(name)) {
        expect(service.restart, `${name} must not be restarted after it exits`).toBe('no');
        continue;
      }
      const test = healthcheckTest(service);
      expect(test, `${name} has a healthcheck`).not.toBeNull();
      expect(['CMD', 'CMD-SHELL'], name).toContain(test![0]);
      expect(test!.length, name).toBeGreaterThan(1);
      expect(service.restart, `${name} restarts`).toBe('unless-stopped');
    }
    const testText = (name: string) => healthcheckTest(services[name])!.join(' ');
    expect(testText('postgres')).toMatch(/pg_isready .*-h 127\.0\.0\.1/);
    expect(testText('temporal')).toMatch(/temporal operator cluster health .*\| grep -q SERVING/);
    expect(testText('api')).toContain('/v1/healthz');
    expect(testText('worker')).toContain('127.0.0.1:9464/metrics');
  });

  it('builds api, worker and migrate from this repository\'s Dockerfile and runs npm scripts that exist', () => {
    for (const name of APP_SERVICES) {
      const build = services[name].build;
      const context = typeof build === 'string' ? build : build.context;
      const dockerfilePath = typeof build === 'string' ? 'Dockerfile' : (build.dockerfile ?? 'Dockerfile');
      expect(path.resolve(root, context), name).toBe(path.resolve(root));
      expect(path.resolve(root, context, dockerfilePath), name).toBe(path.join(root, 'Dockerfile'));
      expect(services[name].image, `${name} shares one image`).toBe(services.api.image);
    }
    expect(commandOf(services.api)).toEqual(['npm', 'run', 'api']);
    expect(commandOf(services.worker)).toEqual(['npm', 'run', 'worker']);
    expect(commandOf(services.migrate)).toEqual(['npm', 'run', 'db:migrate']);
    for (const name of APP_SERVICES) expect(packageJson.scripts[commandOf(services[name])[2]], name).toBeDefined();
    // Services that are not built here do not build anything.
    for (const name of Object.keys(services).filter((name) => !APP_SERVICES.includes(name))) expect(services[name].build, name).toBeUndefined();
  });

  it('gives api, worker and migrate only variables lib/config.ts reads, and values parseConfig accepts', () => {
    const known = configKeys();
    // The text scan finds at least every variable the parsed configuration has (guards against a scan that finds nothing).
    for (const key of Object.keys(parseConfig(resolveServiceEnvironment(rawServices.api.environment, FULL_ENV)))) expect(known, key).toContain(key);

    for (const name of APP_SERVICES) {
      const keys = Object.keys(rawServices[name].environment ?? {});
      expect(keys.length, name).toBeGreaterThan(0);
      expect(keys.filter((key) => !known.has(key)), `${name}: variables lib/config.ts does not read`).toEqual([]);
    }

    // OPENAI_* reach the processes from the user's environment.
    for (const name of ['api', 'worker']) {
      const raw = rawServices[name].environment as Record<string, string | null>;
      expect(raw.OPENAI_API_KEY).toBe('${OPENAI_API_KEY:-}');
      for (const key of [...known].filter((key) => key.startsWith('OPENAI_'))) {
        expect(Object.keys(raw), `${name} passes ${key}`).toContain(key);
        const value = raw[key];
        // Passed through: no value (taken from the host when set), or a reference to the variable of the same name.
        if (value !== null) expect(variableRefs(value).map((ref) => ref.name), `${name} ${key}`).toEqual([key]);
      }
    }

    for (const [label, hostEnv] of [['minimal', MINIMAL_ENV], ['full', FULL_ENV]] as const) {
      for (const name of APP_SERVICES) {
        const env = resolveServiceEnvironment(rawServices[name].environment, hostEnv);
        expect(() => parseConfig(env), `${name} with the ${label} host environment`).not.toThrow();
      }
      const api = parseConfig(resolveServiceEnvironment(rawServices.api.environment, hostEnv));
      expect(api.HOST, 'the API listens beyond the container loopback').toBe('0.0.0.0');
      expect(api.PORT).toBe(3000);
      expect(api.TEMPORAL_NAMESPACE).toBe(hostEnv.TEMPORAL_NAMESPACE ?? 'default');
      expect(api.TEMPORAL_TASK_QUEUE).toBe(hostEnv.TEMPORAL_TASK_QUEUE ?? 'trawl');
      expect(api.OPENAI_API_KEY ?? '').toBe(hostEnv.OPENAI_API_KEY ?? '');
      expect(api.OPENAI_BASE_URL).toBe(hostEnv.OPENAI_BASE_URL);
      if (hostEnv.OPENAI_TIMEOUT_MS) expect(api.OPENAI_TIMEOUT_MS).toBe(Number(hostEnv.OPENAI_TIMEOUT_MS));
      const worker = parseConfig(resolveServiceEnvironment(rawServices.worker.environment, hostEnv));
      expect(worker.OPENAI_MODEL).toBe(hostEnv.OPENAI_MODEL ?? 'gpt-4o-mini');
    }
  });

  it('points DATABASE_URL and TEMPORAL_ADDRESS at the compose services', () => {
    const postgresEnv = services.postgres.environment as Record<string, string>;
    for (const name of APP_SERVICES) {
      const env = resolveServiceEnvironment(rawServices[name].environment, MINIMAL_ENV);
      const url = new URL(env.DATABASE_URL);
      expect(url.protocol, name).toMatch(/^postgres(ql)?:$/);
      expect(url.hostname, name).toBe('postgres');
      expect(Number(url.port || 5432), name).toBe(5432);
      expect(url.pathname, name).toBe(`/${postgresEnv.POSTGRES_DB}`);
      expect(url.username, name).toBe(postgresEnv.POSTGRES_USER);
      expect(decodeURIComponent(url.password), name).toBe(postgresEnv.POSTGRES_PASSWORD);
      if (name !== 'migrate') {
        const [host, port] = env.TEMPORAL_ADDRESS.split(':');
        expect(host, name).toBe('temporal');
        expect(services.temporal.ports.map(parsePort).map((p: { target: number }) => p.target), name).toContain(Number(port));
      }
    }
    expect(postgresEnv.POSTGRES_DB).toBe('trawl');

    // Temporal stores its data in the same PostgreSQL, with the same credentials.
    const temporalEnv = services.temporal.environment as Record<string, string>;
    expect(temporalEnv).toMatchObject({ DB: 'postgres12', DB_PORT: '5432', POSTGRES_SEEDS: 'postgres', POSTGRES_USER: postgresEnv.POSTGRES_USER });
    expect(rawServices.temporal.environment.POSTGRES_PWD).toBe(rawServices.postgres.environment.POSTGRES_PASSWORD);
    expect(services['temporal-setup'].environment.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(services['temporal-ui'].environment.TEMPORAL_ADDRESS).toBe('temporal:7233');

    // One namespace everywhere: the one auto-setup creates, temporal-setup prepares, the UI shows and Trawl uses.
    const namespaceSetting = rawServices.api.environment.TEMPORAL_NAMESPACE;
    expect(rawServices.worker.environment.TEMPORAL_NAMESPACE).toBe(namespaceSetting);
    expect(rawServices['temporal-setup'].environment.TEMPORAL_NAMESPACE).toBe(namespaceSetting);
    expect(rawServices.temporal.environment.DEFAULT_NAMESPACE).toBe(namespaceSetting);
    expect(rawServices['temporal-ui'].environment.TEMPORAL_DEFAULT_NAMESPACE).toBe(namespaceSetting);
  });

  it('holds no literal secrets', () => {
    const problems: string[] = [];
    for (const [name, service] of Object.entries(rawServices)) {
      const environment = Array.isArray(service.environment)
        ? Object.fromEntries((service.environment as string[]).map((item) => [item.split('=')[0], item.includes('=') ? item.slice(item.indexOf('=') + 1) : null]))
        : (service.environment ?? {});
      for (const [key, value] of Object.entries(environment)) {
        const problem = literalSecretProblem(key, value);
        if (problem) problems.push(`${name}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
    // The required password really is required.
    expect(() => interpolateDeep(composeRaw, {})).toThrow(/POSTGRES_PASSWORD/);

    // The checks flag what they should.
    expect(literalSecretProblem('POSTGRES_PASSWORD', 'hunter2')).not.toBeNull();
    expect(literalSecretProblem('POSTGRES_PWD', '${POSTGRES_PASSWORD:-hunter2}')).not.toBeNull();
    expect(literalSecretProblem('DATABASE_URL', 'postgres://trawl:hunter2@postgres/trawl')).not.toBeNull();
    expect(literalSecretProblem('OPENAI_API_KEY', '${OPENAI_API_KEY:-}')).toBeNull();
    expect(literalSecretProblem('DATABASE_URL', 'postgres://trawl:${POSTGRES_PASSWORD:?required}@postgres/trawl')).toBeNull();
    expect(secretLiteralsIn('OPENAI_API_KEY: sk-proj-abcdefghijklmnopqrstuvwx')).not.toEqual([]);

    const files = ['docker-compose.yml', 'Dockerfile', '.dockerignore', ...listFiles('deploy')];
    for (const file of files) expect(secretLiteralsIn(read(file)), file).toEqual([]);
    for (const instruction of dockerfile.instructions.filter((i) => i.keyword === 'ENV' || i.keyword === 'ARG')) {
      const names = [...instruction.args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)(?==|\s|$)/g)].map((match) => match[1]);
      for (const name of names) expect(SECRET_NAME.test(name), `Dockerfile line ${instruction.line}: ${name}`).toBe(false);
    }
  });

  it('mounts only files that exist and declares its named volumes', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const bind of binds(service)) {
        expect(existsSync(path.resolve(root, bind.source)), `${name}: ${bind.source}`).toBe(true);
        expect(bind.readOnly, `${name}: ${bind.source} is mounted read-only`).toBe(true);
      }
      for (const volume of namedVolumes(service)) expect(Object.keys(compose.volumes ?? {}), `${name}: ${volume}`).toContain(volume);
    }
  });
});

describe('Dockerfile', () => {
  const [build, runtime] = dockerfile.stages;
  const runs = (stage: typeof build) => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);

  it('builds in a first stage and ships pruned node_modules, dist and the sources in a non-root final stage', () => {
    expect(dockerfile.stages).toHaveLength(2);
    expect(build.name).toBeDefined();

    const buildRuns = runs(build);
    const order = ['npm ci', 'npm run build', 'npm prune --omit=dev'].map((command) => buildRuns.findIndex((line) => line.startsWith(command)));
    expect(order.every((index) => index >= 0), buildRuns.join(' | ')).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Sources are copied before the build and after the dependency install (cache-friendly).
    const copyAll = build.instructions.findIndex((i) => i.keyword === 'COPY' && /^\.\s+\.$/.test(i.args));
    expect(copyAll).toBeGreaterThan(build.instructions.findIndex((i) => i.args.startsWith('npm ci')));
    expect(copyAll).toBeLessThan(build.instructions.findIndex((i) => i.args.startsWith('npm run build')));

    // The final stage installs nothing: it copies the pruned tree from the build stage.
    expect(runs(runtime).filter((line) => /\bnpm (ci|install|i)\b/.test(line))).toEqual([]);
    const copiesFromBuild = runtime.instructions
      .filter((i) => i.keyword === 'COPY' && i.args.includes(`--from=${build.name}`))
      .map((i) => i.args.split(/\s+/).filter((word) => !word.startsWith('--'))[0]);
    for (const needed of ['/app/node_modules', '/app/dist', '/app/package.json', '/app/workflows', '/app/worker', '/app/api']) {
      expect(copiesFromBuild.some((source) => needed === source || needed.startsWith(source.replace(/\/?$/, '/'))), `${needed} reaches the final stage`).toBe(true);
    }

    const keywordsIn = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword);
    expect(keywordsIn('ENV').map((i) => i.args).join(' ')).toMatch(/\bNODE_ENV=production\b/);
    expect(keywordsIn('EXPOSE').flatMap((i) => i.args.split(/\s+/))).toContain('3000');
    const user = keywordsIn('USER').at(-1)?.args;
    expect(user, 'runs as a non-root user').toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
    const userIndex = runtime.instructions.findIndex((i) => i.keyword === 'USER');
    const cmdIndex = runtime.instructions.findIndex((i) => i.keyword === 'CMD');
    expect(userIndex).toBeLessThan(cmdIndex);
    expect(execForm(keywordsIn('CMD').at(-1)!.args)).toEqual(['npm', 'run', 'api']);

    const healthcheck = parseHealthcheck(keywordsIn('HEALTHCHECK').at(-1)!.args);
    expect(Array.isArray(healthcheck.command)).toBe(true);
    expect((healthcheck.command as string[]).join(' ')).toContain('/v1/healthz');
    expect(healthcheck.options).toMatchObject({ interval: expect.any(String), timeout: expect.any(String) });
  });

  it('runs only npm commands whose scripts exist in package.json', () => {
    const commands = dockerfile.stages.flatMap((stage) =>
      stage.instructions.filter((i) => i.keyword === 'RUN' || i.keyword === 'CMD').map((i) => execForm(i.args) ?? i.args),
    );
    const composeCommands = Object.values(services).map(commandOf).filter((command) => command[0] === 'npm');
    const invocations = [...commands.flatMap(npmInvocations), ...composeCommands];
    expect(invocations.length).toBeGreaterThan(3);
    for (const words of invocations) {
      const [, subcommand, ...rest] = words;
      expect(['ci', 'run', 'prune'], words.join(' ')).toContain(subcommand);
      if (subcommand === 'run') expect(packageJson.scripts[rest[0]], words.join(' ')).toBeDefined();
      if (subcommand === 'prune') expect(rest).toContain('--omit=dev');
    }
    // tsx (which runs api, worker and db:migrate) survives `npm prune --omit=dev`; tsc (npm run build) is only needed before it.
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { dev?: boolean }> };
    expect(lock.packages['node_modules/tsx']?.dev).not.toBe(true);
    for (const script of ['api', 'worker', 'db:migrate']) expect(packageJson.scripts[script]).toMatch(/^(tsx |node (--\S+ )*--import tsx )/);
  });

  it('uses a node:*-bookworm-slim base image that satisfies package.json engines', () => {
    for (const stage of dockerfile.stages) {
      const image = parseImage(stage.image);
      expect(image.repository, stage.image).toBe('node');
      expect(image.tag, stage.image).toMatch(/^\d+(\.\d+){0,2}-bookworm-slim$/);
      const version = nodeImageMinimumVersion(image.tag!);
      expect(version, stage.image).not.toBeNull();
      expect(version![0], 'Node 20, as developed and tested').toBe(20);
      expect(satisfiesRange(version!, packageJson.engines.node), `${stage.image} vs engines ${packageJson.engines.node}`).toBe(true);
    }
    expect(satisfiesRange([20, 17, 0], '>=20.18')).toBe(false);
    expect(satisfiesRange([20, 18, 0], '>=20.18')).toBe(true);
    expect(nodeImageMinimumVersion('20-bookworm-slim')).toEqual([20, 0, 0]);
  });

  it('has healthcheck one-liners that exit 0 only when /v1/healthz answers 2xx', async () => {
    const dockerHealthcheck = parseHealthcheck(dockerfile.stages[1].instructions.filter((i) => i.keyword === 'HEALTHCHECK').at(-1)!.args).command as string[];
    const composeHealthcheck = healthcheckTest(services.api)!.slice(1);
    let status = 200;
    const server: Server = createServer((request, response) => {
      response.statusCode = request.url === '/v1/healthz' ? status : 404;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const check = async (command: string[], env: NodeJS.ProcessEnv) => {
      expect(command[0]).toBe('node');
      return (await run(process.execPath, command.slice(1), { env: { ...process.env, ...env }, timeoutMs: 15_000 })).code;
    };
    try {
      for (const command of [dockerHealthcheck, composeHealthcheck]) {
        status = 200;
        expect(await check(command, { PORT: String(port) })).toBe(0);
        status = 503;
        expect(await check(command, { PORT: String(port) })).toBe(1);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    // Nothing listening: unhealthy, not a hang or crash with another code.
    expect(await check(dockerHealthcheck, { PORT: String(port) })).toBe(1);
  });
});

describe('.dockerignore', () => {
  const patterns = read('.dockerignore').split(/\r?\n/);

  it('keeps dependencies, build output, local data, git, env files, tests and logs out of the build context', () => {
    for (const file of ['node_modules/tsx/package.json', 'dist/workflow-bundle.js', '.trawl/pglite/PG_VERSION', '.git/HEAD', '.env', '.env.local', 'test/deploy/compose.test.ts', 'coverage/index.html', 'npm-debug.log', 'scripts/debug.log', 'bench/results/run.json']) {
      expect(dockerignored(patterns, file), file).toBe(true);
    }
  });

  it('keeps every file the image build needs', () => {
    const needed = ['package.json', 'package-lock.json', 'tsconfig.json'];
    for (const directory of ['activities', 'api', 'cli', 'db', 'lib', 'scripts', 'worker', 'workflows']) needed.push(...listFiles(directory));
    expect(needed).toContain('db/migrations/0000_init.sql');
    expect(needed).toContain('scripts/build-workflow-bundle.ts');
    expect(needed.filter((file) => dockerignored(patterns, file))).toEqual([]);
  });
});

describe('deploy/prometheus/prometheus.yml', () => {
  const config = parseYaml(read('deploy/prometheus/prometheus.yml')) as { scrape_configs: { job_name: string; metrics_path?: string; static_configs: { targets: string[] }[] }[] };
  const targets = config.scrape_configs.flatMap((job) => job.static_configs.flatMap((group) => group.targets.map((target) => ({ target, path: job.metrics_path ?? '/metrics', job: job.job_name }))));

  it('scrapes the API at api:3000/metrics and the worker at worker:9464/metrics', () => {
    expect(targets).toContainEqual(expect.objectContaining({ target: 'api:3000', path: '/metrics' }));
    expect(targets).toContainEqual(expect.objectContaining({ target: 'worker:9464', path: '/metrics' }));
    // Those ports are the ones the containers use.
    expect((services.api.ports ?? []).map(parsePort).map((p: { target: number }) => p.target)).toContain(3000);
    expect((services.worker.expose ?? []).map(String)).toContain('9464');
    const jobs = config.scrape_configs.map((job) => job.job_name);
    expect(new Set(jobs).size).toBe(jobs.length);
  });

  it('is the file the prometheus service loads', () => {
    const target = mountTarget(services.prometheus, 'deploy/prometheus/prometheus.yml');
    expect(target).toBeDefined();
    expect(commandOf(services.prometheus)).toContain(`--config.file=${target}`);
  });
});

describe('Grafana provisioning and dashboard', () => {
  const provisioningTarget = mountTarget(services.grafana, 'deploy/grafana/provisioning');
  const dashboardsTarget = mountTarget(services.grafana, 'deploy/grafana/dashboards');
  const datasources = listFiles('deploy/grafana/provisioning/datasources').flatMap((file) => (parseYaml(read(file)) as { datasources: { uid: string; type: string; url: string }[] }).datasources);
  const providers = listFiles('deploy/grafana/provisioning/dashboards').flatMap((file) => (parseYaml(read(file)) as { providers: { type: string; options: { path: string } }[] }).providers);
  const dashboards = listFiles('deploy/grafana/dashboards').filter((file) => file.endsWith('.json'));

  it('provisions the Prometheus datasource and loads the dashboards folder compose mounts', () => {
    expect(provisioningTarget).toBe('/etc/grafana/provisioning');
    expect(datasources).toContainEqual(expect.objectContaining({ type: 'prometheus', url: 'http://prometheus:9090' }));
    expect((services.prometheus.ports ?? []).map(parsePort).map((p: { target: number }) => p.target)).toContain(9090);
    expect(providers.map((provider) => provider.options.path)).toContain(dashboardsTarget);
    expect(dashboards).toContain('deploy/grafana/dashboards/trawl.json');
    expect(services.grafana.environment.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH).toBe(`${dashboardsTarget}/trawl.json`);
  });

  it('has dashboards whose queries use only the known metrics and their labels', () => {
    const datasourceUids = new Set(datasources.map((datasource) => datasource.uid));
    const usedMetrics = new Set<string>();
    for (const file of dashboards) {
      const dashboard = JSON.parse(read(file)) as { uid: string; title: string; panels: Record<string, any>[] };
      expect(dashboard.uid, file).toBeTruthy();
      expect(dashboard.title, file).toBeTruthy();
      const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
      const ids = panels.map((panel) => panel.id);
      expect(new Set(ids).size, `${file}: panel ids are unique`).toBe(ids.length);
      for (const panel of panels.filter((panel) => panel.type !== 'row')) {
        const where = `${file} panel "${panel.title}"`;
        expect(panel.targets?.length, where).toBeGreaterThan(0);
        for (const target of panel.targets) {
          const uid = target.datasource?.uid ?? panel.datasource?.uid;
          expect(datasourceUids, `${where}: datasource ${uid}`).toContain(uid);
          const refs = promqlRefs(target.expr);
          expect(refs.metrics.length, `${where}: ${target.expr}`).toBeGreaterThan(0);
          const allowedLabels = new Set(TARGET_LABELS);
          let temporalMetric = false;
          for (const metric of refs.metrics) {
            usedMetrics.add(metric);
            if (metric.startsWith('temporal_')) {
              temporalMetric = true;
              continue;
            }
            expect(Object.keys(KNOWN_METRICS), `${where}: ${metric}`).toContain(metric);
            for (const label of KNOWN_METRICS[metric] ?? []) allowedLabels.add(label);
          }
          if (!temporalMetric) {
            for (const label of [...refs.matcherLabels, ...refs.groupingLabels]) expect([...allowedLabels], `${where}: label ${label}`).toContain(label);
          }
          // Legends only name labels the query keeps.
          const legendLabels = [...String(target.legendFormat ?? '').matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)].map((match) => match[1]);
          for (const label of legendLabels) expect(refs.groupingLabels, `${where}: legend {{${label}}}`).toContain(label);
        }
      }
    }
    // Every listed metric is on the dashboard, and so are the Temporal worker's own metrics.
    for (const metric of Object.keys(KNOWN_METRICS)) expect([...usedMetrics], metric).toContain(metric);
    expect([...usedMetrics].some((metric) => metric.startsWith('temporal_activity_execution_latency'))).toBe(true);

    // The PromQL scan finds metrics it must reject, and ignores functions, labels, numbers and ranges.
    expect(promqlRefs('sum by (route) (rate(up{job="x"}[5m])) / 1e-9 + process_cpu_seconds_total offset 5m').metrics.sort()).toEqual(['process_cpu_seconds_total', 'up']);
    expect(promqlRefs('histogram_quantile(0.95, sum by (le, step) (rate(trawl_step_duration_seconds_bucket{step!="x"}[$__rate_interval])))')).toEqual({
      metrics: ['trawl_step_duration_seconds_bucket'],
      matcherLabels: ['step'],
      groupingLabels: ['le', 'step'],
    });
  });
});

describe('PostgreSQL init script', () => {
  const initTarget = mountTarget(services.postgres, 'deploy/postgres/init');
  const initFiles = listFiles('deploy/postgres/init');
  const sqlText = initFiles.filter((file) => file.endsWith('.sql')).map(read).join('\n');
  const createdDatabases = [...sqlText.matchAll(/^\s*CREATE\s+DATABASE\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/gim)].map((match) => match[1]);

  it('creates the temporal databases the temporal service is configured with', () => {
    expect(initTarget).toBe('/docker-entrypoint-initdb.d');
    expect(initFiles.every((file) => /\.(sql|sh|sql\.gz)$/.test(file)), initFiles.join(', ')).toBe(true);
    expect(createdDatabases).toContain('temporal');
    const temporalEnv = services.temporal.environment as Record<string, string>;
    expect(createdDatabases).toContain(temporalEnv.DBNAME ?? 'temporal');
    expect(createdDatabases).toContain(temporalEnv.VISIBILITY_DBNAME ?? 'temporal_visibility');
    // auto-setup must not try to create what already exists.
    expect(temporalEnv.SKIP_DB_CREATE).toBe('true');
    // Trawl's own database comes from POSTGRES_DB, not from the script.
    expect(createdDatabases).not.toContain(services.postgres.environment.POSTGRES_DB);
  });

  it('is valid SQL for PostgreSQL (run on the test server under other database names)', async () => {
    const sql = postgres(inject('databaseUrl'), { max: 1, onnotice: () => {} });
    const prefix = `trawl_deploy_test_${process.pid}_`;
    try {
      const statements = sqlText
        .replace(/--[^\n]*/g, '')
        .split(';')
        .map((statement) => statement.trim())
        .filter(Boolean)
        .map((statement) => statement.replace(/^(\s*CREATE\s+DATABASE\s+"?)([A-Za-z_][A-Za-z0-9_]*)/i, (_, head: string, name: string) => `${head}${prefix}${name}`));
      expect(statements.length).toBe(createdDatabases.length);
      try {
        for (const statement of statements) await sql.unsafe(statement);
        const names = (await sql<{ datname: string }[]>`select datname from pg_database where datname like ${`${prefix}%`}`).map((row) => row.datname);
        expect(names.sort()).toEqual(createdDatabases.map((name) => prefix + name).sort());
      } finally {
        for (const name of createdDatabases) await sql.unsafe(`drop database if exists "${prefix}${name}"`);
      }
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
});

describe('deploy/temporal/setup.sh (temporal-setup)', () => {
  const script = 'deploy/temporal/setup.sh';
  const expected = trawlSearchAttributes.map((key) => key.name).sort();

  it('is the temporal-setup entrypoint, is valid bash and registers exactly the workflows\' search attributes as Keyword', () => {
    const target = mountTarget(services['temporal-setup'], script);
    expect(target).toBeDefined();
    expect(services['temporal-setup'].entrypoint).toEqual(['bash', target]);
    const text = read(script);
    const listed = /^search_attributes=\(([^)]*)\)/m.exec(text)?.[1].trim().split(/\s+/).sort();
    expect(listed).toEqual(expected);
    for (const key of trawlSearchAttributes) expect(key.type, key.name).toBe('KEYWORD');
    expect(text).toMatch(/search-attribute create .*--type Keyword/);
    expect(spawnSync('bash', ['-n', path.join(root, script)]).status).toBe(0);
  });

  it('creates the namespace and the attributes on a real Temporal server, is idempotent and rejects a wrong type', async () => {
    // The global setup has already required the CLI.
    const cli = findTemporalCli();
    const address = inject('temporalAddress');
    const env = (namespace: string): NodeJS.ProcessEnv => ({
      ...process.env,
      PATH: `${path.dirname(cli!)}${path.delimiter}${process.env.PATH ?? ''}`,
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: namespace,
      NAMESPACE_WAIT_SECONDS: '1',
      SERVER_WAIT_SECONDS: '20',
    });
    const namespace = `trawl-deploy-test-${process.pid}-${Date.now()}`;
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const result = await run('bash', [script], { env: env(namespace), timeoutMs: 90_000 });
      expect(result.code, `run ${attempt}: ${result.stdout}\n${result.stderr}`).toBe(0);
      if (attempt === 2) expect(result.stdout).toMatch(/already registered/);
    }
    const listed = await run(cli!, ['operator', 'search-attribute', 'list', '--namespace', namespace, '--address', address, '--output', 'json']);
    const attributes = (JSON.parse(listed.stdout) as { customAttributes: Record<string, string> }).customAttributes;
    for (const name of expected) expect(attributes[name], name).toBe('INDEXED_VALUE_TYPE_KEYWORD');

    // An attribute that exists with another type stops the setup (api and worker must not start).
    const wrong = `trawl-deploy-wrong-${process.pid}-${Date.now()}`;
    expect((await run(cli!, ['operator', 'namespace', 'create', '--namespace', wrong, '--address', address])).code).toBe(0);
    let created = -1;
    for (let attempt = 0; attempt < 20 && created !== 0; attempt += 1) {
      created = (await run(cli!, ['operator', 'search-attribute', 'create', '--namespace', wrong, '--name', expected[0], '--type', 'Text', '--address', address])).code ?? -1;
      if (created !== 0) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(created).toBe(0);
    const rejected = await run('bash', [script], { env: env(wrong), timeoutMs: 90_000 });
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toMatch(/expected Keyword/);
  });
});

/** Files under a repository directory, as repository-relative paths. */
function listFiles(directory: string): string[] {
  const absolute = path.join(root, directory);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute).flatMap((entry) => {
    const relative = `${directory}/${entry}`;
    return statSync(path.join(root, relative)).isDirectory() ? listFiles(relative) : [relative];
  });
}

// Keep `interpolate` exercised directly: defaults, required values and escapes behave like Compose.
describe('Compose interpolation helper', () => {
  it('follows Compose\'s rules', () => {
    expect(interpolate('${A:-x}', { A: '' })).toBe('x');
    expect(interpolate('${A-x}', { A: '' })).toBe('');
    expect(interpolate('${A:-}', {})).toBe('');
    expect(interpolate('$$HOME ${A}', { A: 'a' })).toBe('$HOME a');
    expect(() => interpolate('${A:?needed}', { A: '' })).toThrow(/needed/);
    expect(resolveServiceEnvironment({ A: null, B: '${B:-b}' }, {})).toEqual({ B: 'b' });
    expect(resolveServiceEnvironment(['A', 'B=1'], { A: 'a' })).toEqual({ A: 'a', B: '1' });
  });
});
