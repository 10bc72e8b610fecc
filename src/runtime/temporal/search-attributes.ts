/**
 * Search attributes aexy sets on every run, so `temporal workflow list --query` finds runs by
 * automation, workspace and status. They must be registered on the namespace before use: at the
 * first start of a dev server (flags) or later through the operator API (persistent dev DBs ignore
 * the flags after the first start).
 */
export const SEARCH_ATTRIBUTES = {
  AexyWorkspace: 'Keyword',
  AexyAutomation: 'Keyword',
  AexyRunStatus: 'Keyword',
} as const;

export type SearchAttributeName = keyof typeof SEARCH_ATTRIBUTES;
