import { describe, expect, it } from 'vitest';
import { PostIndex } from '../../../lib/content/post-index';
import { LazyPost, type PostReader, postElementRef } from '../../../lib/platforms/lazy-post';

/** A cell showing post `id`, with its author and text, as a site would render it. */
function cell(id: string, author: string, text: string): Element {
  const el = document.createElement('div');
  el.dataset.id = id;
  el.dataset.author = author;
  el.textContent = text;
  document.body.append(el);
  return el;
}

const reads: string[] = [];
const reader: PostReader = {
  author: (el) => {
    reads.push('author');
    return el.getAttribute('data-author') ?? undefined;
  },
  text: (el) => el.textContent ?? undefined,
  id: (el) => el.getAttribute('data-id') ?? undefined,
};
const fixed = (id: string) => ({
  platform: 'x' as const,
  id,
  url: `https://x.com/a/status/${id}`,
  focused: false,
});

describe('LazyPost', () => {
  it('reads author and text when first asked, once, from the cell while it still shows the post', () => {
    reads.length = 0;
    const el = cell('1', 'critic', 'is this a scam?');
    const post = new LazyPost(fixed('1'), el, reader, 'fallback');
    expect(reads).toEqual([]);
    expect(post.author).toBe('critic');
    expect(post.text).toBe('is this a scam?');
    el.setAttribute('data-author', 'someone else');
    expect(post.author).toBe('critic');
    expect(reads).toEqual(['author']);
    expect(post).toMatchObject({ platform: 'x', id: '1', url: 'https://x.com/a/status/1', focused: false });
  });

  it('answers with what the permalink told once the recycled cell shows another post', () => {
    const el = cell('2', 'critic', 'first');
    const post = new LazyPost(fixed('2'), el, reader, 'from_link');
    el.setAttribute('data-id', '3');
    expect(post.author).toBe('from_link');
    expect(post.text).toBe('');
  });
});

describe('postElementRef: one weak reference per post (issue 10)', () => {
  it('is the lazy post’s own reference for the element it was read from, and a new one otherwise', () => {
    const el = cell('4', 'a', 'b');
    const post = new LazyPost(fixed('4'), el, reader);
    expect(postElementRef(post, el)).toBe(post.ref);
    const elsewhere = cell('4', 'a', 'b');
    expect(postElementRef(post, elsewhere)).not.toBe(post.ref);
    expect(postElementRef(post, elsewhere).deref()).toBe(elsewhere);
    const plain = { ...fixed('4'), text: 'b' };
    expect(postElementRef(plain, el).deref()).toBe(el);
  });

  it('the post index lists a lazy post at its element through that reference', () => {
    const index = new PostIndex(10);
    const el = cell('5', 'a', 'b');
    const post = new LazyPost(fixed('5'), el, reader);
    index.add(el, post);
    expect([...index.entries()]).toEqual([[post, el]]);
  });
});
