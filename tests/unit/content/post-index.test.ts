import { describe, expect, it } from 'vitest';
import { PostIndex } from '../../../lib/content/post-index';
import type { PostInfo } from '../../../lib/platforms/types';

const info = (id: string): PostInfo => ({
  platform: 'x',
  id,
  text: `tweet ${id}`,
  url: `https://x.com/a/status/${id}`,
  focused: false,
});

/** A timeline cell that X mounts, then unmounts once it has scrolled away. */
function scrollPast(index: PostIndex, id: string): Element {
  const cell = document.createElement('article');
  document.body.append(cell);
  index.add(cell, info(id));
  cell.remove();
  return cell;
}

describe('PostIndex', () => {
  it('forgets posts that scrolled away on a virtualised timeline: bounded, whatever the session length (issue 10)', () => {
    const index = new PostIndex(100);
    for (let i = 0; i < 2000; i++) scrollPast(index, String(i));
    expect(index.size).toBeLessThanOrEqual(100);
    expect([...index.entries()]).toEqual([]);
    // The most recent ones are still known to the logger (a like answered after its cell unmounted).
    expect(index.get('1999')?.text).toBe('tweet 1999');
    expect(index.get('0')).toBeUndefined();
  });

  it('keeps every post still on the page, and lists each of its places once', () => {
    const index = new PostIndex(10);
    const onPage: Element[] = [];
    for (let i = 0; i < 30; i++) {
      const el = document.createElement('article');
      document.body.append(el);
      onPage.push(el);
      index.add(el, info(String(i)));
    }
    for (let i = 0; i < 50; i++) scrollPast(index, `gone${i}`);
    const again = document.createElement('article');
    document.body.append(again);
    index.add(again, info('3'));
    index.add(again, info('3'));
    const live = [...index.entries()];
    expect(live.map(([p]) => p.id).sort()).toEqual(
      [...Array.from({ length: 30 }, (_, i) => String(i)), '3'].sort(),
    );
    expect(live.filter(([, el]) => el === again)).toHaveLength(1);
    for (const el of [...onPage, again]) el.remove();
  });
});
