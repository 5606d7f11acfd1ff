import type { PostInfo } from './types';

/** How a site reads a post's element: shared by every post of the site, so a post carries no closures. */
export interface PostReader {
  author(el: Element): string | undefined;
  text(el: Element): string | undefined;
  /** The id of the post the element shows now (X recycles cells), undefined when none. */
  id(el: Element): string | undefined;
}

/**
 * A post's author and text, read from its element when first asked for rather than when it mounts
 * (issue 10: a timeline mounts thousands of tweets, and reading every one's author and text was most
 * of the extension's scripting per tweet; they are needed only for the few posts acted on or opened).
 * The element is held weakly, so a cell X unmounts can go; once it has gone, or shows another post
 * (X recycles cells), the fallbacks answer.
 *
 * A class, not an object literal with getters: a literal's accessors are made per object on V8's slow
 * path (~1.5–5 µs a post, against ~0.1 µs for an instance with the getters on its prototype). So
 * `author` and `text` are not own properties: read them by name, never spread a post into another
 * object (the two would be lost).
 */
export class LazyPost implements PostInfo {
  readonly platform: PostInfo['platform'];
  readonly id: string;
  readonly url: string;
  readonly focused: boolean;
  /** The element read from, held weakly; the content script's post index shares it (one per post). */
  readonly ref: WeakRef<Element>;
  readonly #reader: PostReader;
  readonly #fallbackAuthor: string | undefined;
  #got: { author: string | undefined; text: string } | undefined;

  constructor(
    fixed: Omit<PostInfo, 'author' | 'text'>,
    element: Element,
    reader: PostReader,
    fallbackAuthor?: string,
  ) {
    this.platform = fixed.platform;
    this.id = fixed.id;
    this.url = fixed.url;
    this.focused = fixed.focused;
    this.ref = new WeakRef(element);
    this.#reader = reader;
    this.#fallbackAuthor = fallbackAuthor;
  }

  get author(): string | undefined {
    return this.#read().author;
  }

  get text(): string {
    return this.#read().text;
  }

  #read(): { author: string | undefined; text: string } {
    if (this.#got) return this.#got;
    const el = this.ref.deref();
    const live = el !== undefined && this.#reader.id(el) === this.id ? el : undefined;
    this.#got = {
      author: (live && this.#reader.author(live)) ?? this.#fallbackAuthor,
      text: (live && this.#reader.text(live)) ?? '',
    };
    return this.#got;
  }
}

/** The weak reference a lazy post already holds to `element`, so an index of posts need not make another. */
export function postElementRef(info: PostInfo, element: Element): WeakRef<Element> {
  return info instanceof LazyPost && info.ref.deref() === element ? info.ref : new WeakRef(element);
}
