/** Absolute form of href against base, or null when it cannot be resolved. */
export function resolveUrl(href: string | null | undefined, base: string | null): string | null {
  const trimmed = href?.trim();
  if (!trimmed) return null;
  try {
    return new URL(trimmed, base ?? undefined).href;
  } catch {
    return null;
  }
}

/** Absolute http(s) URL without its fragment, or null for other schemes and unresolvable values. */
export function resolveHttpUrl(href: string | null | undefined, base: string | null): string | null {
  const absolute = resolveUrl(href, base);
  if (!absolute) return null;
  const url = new URL(absolute);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  return url.href;
}

/** The URL relative links resolve against: the page URL, overridden by a <base href>. */
export function documentBaseUrl(baseHref: string | null, pageUrl: string): string | null {
  const page = resolveUrl(pageUrl, null);
  return resolveUrl(baseHref, page) ?? page;
}
