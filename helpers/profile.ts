/**
 * Profiles: `mcp` runs the standards checks (the `standards/` folder of discovery, oauth, mcp and
 * errors) against any remote MCP server with OAuth, given only SMOKE_MCP_URL. `engram` (the
 * default) runs all 13 groups against an Engram deployment: the same standards checks, signed
 * in as the run's tenant, plus Engram's own (its tools, tenancy, error envelope and stricter
 * contract). The other groups are not scheduled in the mcp profile; global setup says so.
 */
export type Profile = 'engram' | 'mcp';

export const STANDARDS_GROUPS = ['discovery', 'oauth', 'mcp', 'errors'] as const;

/** Where each profile's checks live, relative to a group's folder. */
export const STANDARDS_DIR = 'standards';
export const standardsGlob = `**/${STANDARDS_DIR}/**`;

export const notInProfile = (groups: readonly string[], profile: Profile): string[] =>
  profile === 'mcp' ? groups.filter((g) => !(STANDARDS_GROUPS as readonly string[]).includes(g)) : [];
