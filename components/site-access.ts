/** The manifest's part that says where content scripts run. */
export interface ContentScriptsManifest {
  content_scripts?: { matches?: string[] }[];
}

/**
 * The host patterns of the sites Sidenote knows (its content scripts'), which the browser must
 * let it read. Chrome grants them at install; Firefox (MV3) treats them as optional, so the
 * options page asks for them. The runtime-registered generic script's placeholder is not a site.
 */
export function knownSiteOrigins(manifest: ContentScriptsManifest): string[] {
  const patterns = (manifest.content_scripts ?? []).flatMap((script) => script.matches ?? []);
  return [...new Set(patterns.filter((p) => p.startsWith('https://') && !p.includes('.invalid/')))].sort();
}

/** Patterns that cover every https site. */
const EVERY_SITE = new Set(['<all_urls>', '*://*/*', 'https://*/*']);

/**
 * Whether the granted host patterns (`permissions.getAll().origins`) cover every one of `wanted`.
 * Not `permissions.contains`: Chrome answers false there for hosts granted through content
 * scripts, which `getAll` does list.
 */
export function coversAll(granted: readonly string[], wanted: readonly string[]): boolean {
  const have = new Set(granted);
  if (granted.some((p) => EVERY_SITE.has(p))) return true;
  return wanted.every((origin) => have.has(origin));
}
