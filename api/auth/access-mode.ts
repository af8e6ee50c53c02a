import ipaddr from 'ipaddr.js';

/**
 * `open`: no key needed, every request acts as tenant `default` with every scope. Only when no key exists, no
 * TRAWL_ADMIN_KEY is set AND the API listens on a loopback address (so only this machine can reach it).
 * `keys`: every /v1 route but the public ones needs an API key.
 */
export type AccessMode = 'open' | 'keys';

/** 127.0.0.0/8, ::1 (also bracketed or IPv4-mapped) and localhost; 0.0.0.0, :: and every other name are not. */
export function isLoopbackHost(host: string): boolean {
  let value = host.trim().toLowerCase();
  if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1);
  if (value === 'localhost' || value === 'localhost.') return true;
  if (!ipaddr.isValid(value)) return false;
  return ipaddr.process(value).range() === 'loopback';
}

export interface AccessFacts {
  /** The address the API is bound to (HOST). */
  host: string;
  /** Whether TRAWL_ADMIN_KEY is set. */
  adminKeyConfigured: boolean;
  /** Whether any API key (even a revoked one) exists in the database. */
  keysExist: boolean;
}

/** The decision itself: open only when nothing could authenticate anyway and nobody but this machine can connect. */
export function accessMode({ host, adminKeyConfigured, keysExist }: AccessFacts): AccessMode {
  return !adminKeyConfigured && !keysExist && isLoopbackHost(host) ? 'open' : 'keys';
}

/** What `npm start` and `npm run api` print about access at start-up; `warning` marks the notices worth attention. */
export function accessNotice(facts: AccessFacts): { mode: AccessMode; warning: boolean; text: string } {
  const mode = accessMode(facts);
  if (mode === 'open') {
    return {
      mode,
      warning: true,
      text: `OPEN MODE: no API keys and no TRAWL_ADMIN_KEY, so any process on this machine may use the API as tenant "default" with every scope.\n`
        + `This is allowed only because HOST=${facts.host} is a loopback address. Create a key to require keys:\n`
        + `  npx trawl keys create --name me --scopes admin   (or POST /v1/keys while open)`,
    };
  }
  if (!facts.adminKeyConfigured && !facts.keysExist) {
    return {
      mode,
      warning: true,
      text: `LOCKED: HOST=${facts.host} is not a loopback address and there is no API key and no TRAWL_ADMIN_KEY, so every /v1 request\n`
        + `except /v1/healthz, /v1/readyz and /v1/openapi.json is refused (401). Set TRAWL_ADMIN_KEY or run: npx trawl keys create --name me --scopes admin`,
    };
  }
  return { mode, warning: false, text: `API key required (${[facts.adminKeyConfigured && 'TRAWL_ADMIN_KEY is set', facts.keysExist && 'keys exist in the database'].filter(Boolean).join(', ')})` };
}
