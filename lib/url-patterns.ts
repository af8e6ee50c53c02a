/** `*` matches any run of characters; everything else is literal; the whole URL must match. */
export function compileUrlPattern(pattern: string): RegExp {
  const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`);
}

export function createUrlFilter(include: string[], exclude: string[]): (url: string) => boolean {
  const included = include.map(compileUrlPattern);
  const excluded = exclude.map(compileUrlPattern);
  return (url) => (included.length === 0 || included.some((re) => re.test(url))) && !excluded.some((re) => re.test(url));
}
