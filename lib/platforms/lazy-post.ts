import type { PostInfo } from './types';

/**
 * A post's author and text, read from its element when first asked for rather than when it mounts
 * (issue 10: a timeline mounts thousands of tweets, and reading every one's author and text was most
 * of the extension's scripting per tweet; they are needed only for the few posts acted on or opened).
 * The element is held weakly, so a cell X unmounts can go; once it has gone, or shows another post
 * (X recycles cells), the fallbacks answer.
 */
export function lazyPost(
  fixed: Omit<PostInfo, 'author' | 'text'>,
  element: Element,
  read: {
    author(el: Element): string | undefined;
    text(el: Element): string | undefined;
    /** Whether the element still shows this post. */
    shows(el: Element): boolean;
  },
  fallbackAuthor?: string,
): PostInfo {
  const ref = new WeakRef(element);
  let got: { author: string | undefined; text: string } | undefined;
  const get = () => {
    if (got) return got;
    const el = ref.deref();
    const live = el !== undefined && read.shows(el) ? el : undefined;
    got = {
      author: (live && read.author(live)) ?? fallbackAuthor,
      text: (live && read.text(live)) ?? '',
    };
    return got;
  };
  return {
    ...fixed,
    get author() {
      return get().author;
    },
    get text() {
      return get().text;
    },
  };
}
