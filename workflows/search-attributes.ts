import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Registered on the server at start (dev server flag or operator service) so operators can filter runs. */
export const tenantIdAttribute = defineSearchAttributeKey('TrawlTenantId', SearchAttributeType.KEYWORD);
export const scheduleIdAttribute = defineSearchAttributeKey('TrawlScheduleId', SearchAttributeType.KEYWORD);
export const trawlSearchAttributes = [tenantIdAttribute, scheduleIdAttribute];
