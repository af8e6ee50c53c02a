import type { ApiKeyScope } from '../../db/schema-auth';

/** Who a request acts as: an API key, TRAWL_ADMIN_KEY, or anyone (open mode). */
export interface Principal {
  kind: 'key' | 'admin-key' | 'open';
  tenantId: string;
  scopes: ApiKeyScope[];
  /** The api_keys row, for `key`. */
  keyId: string | null;
}
