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
