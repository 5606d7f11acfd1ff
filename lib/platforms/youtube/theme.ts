/** YouTube marks its dark theme with a `dark` attribute on <html>; there is no dim. */
export function detectTheme(doc: Document): 'light' | 'dark' {
  return doc.documentElement.hasAttribute('dark') ? 'dark' : 'light';
}
