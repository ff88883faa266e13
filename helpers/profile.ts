/**
 * Profiles: `engram` (default) runs all 13 groups against an Engram deployment; `mcp` runs the
 * standards part of discovery, oauth, mcp and errors (the `standards/` folder of each) against
 * any remote MCP server with OAuth, given only SMOKE_MCP_URL. The other groups are not
 * scheduled in the mcp profile; global setup says so in one line.
 */
export type Profile = 'engram' | 'mcp';

export const STANDARDS_GROUPS = ['discovery', 'oauth', 'mcp', 'errors'] as const;

/** Where each profile's checks live, relative to a group's folder. */
export const STANDARDS_DIR = 'standards';
export const standardsGlob = `**/${STANDARDS_DIR}/**`;

/** mcp profile dependencies: everything after discovery needs the token the oauth group gets. */
export const STANDARDS_DEPENDENCIES: Record<string, string[]> = { mcp: ['oauth'], errors: ['oauth'] };

export const notInProfile = (groups: readonly string[], profile: Profile): string[] =>
  profile === 'mcp' ? groups.filter((g) => !(STANDARDS_GROUPS as readonly string[]).includes(g)) : [];
