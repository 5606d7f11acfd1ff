import { VARIABLE_PATTERN } from '../schemas/playbook';

/**
 * After Insert, the first `{placeholder}` left in the reply box (say `{my_experience}`) is selected, so
 * the ambassador types their own words straight over it and the raw braces never go out. Only text
 * from the insertion on is searched, and only inside the editor. Returns the placeholder selected.
 */
export function selectFirstPlaceholder(doc: Document, editor: Element, inserted: string): string | undefined {
  const wanted = [...inserted.matchAll(VARIABLE_PATTERN)].map((m) => m[0]);
  if (wanted.length === 0) return undefined;
  const walker = doc.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    for (const placeholder of wanted) {
      const at = text.indexOf(placeholder);
      if (at < 0) continue;
      const range = doc.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + placeholder.length);
      const selection = doc.getSelection();
      if (!selection) return undefined;
      selection.removeAllRanges();
      selection.addRange(range);
      return placeholder;
    }
  }
  return undefined;
}
