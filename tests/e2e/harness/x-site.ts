import type { BrowserContext, Page } from 'playwright-core';
import { answerXGraphql } from '../../fixtures/x/graphql';
import { resolveXFixture } from '../../fixtures/x/routes';

export interface GraphqlCall {
  operation: string;
  body: unknown;
  status: number;
}

export interface XSite {
  /** Every GraphQL call the page made, in order, with what it was answered. */
  calls: GraphqlCall[];
  /** The next call to this operation fails the way X fails it. */
  failNext(operation: string, how: 'http' | 'errors'): void;
  /** Until turned off, successes come in a reshaped answer (graphql.ts `reshaped`), as after a deploy. */
  reshape(on: boolean): void;
}

/** Serves the fixture pages at the real https://x.com URLs and answers the page's own GraphQL calls. */
export async function serveFakeX(context: BrowserContext): Promise<XSite> {
  const calls: GraphqlCall[] = [];
  const failures = new Map<string, 'http' | 'errors'>();
  let reshaped = false;
  const handler = async (route: import('playwright-core').Route) => {
    const request = route.request();
    const url = new URL(request.url());
    // A trailing V2 is fake-x.js playing a renamed operation; it is answered like the original.
    const graphql = url.pathname.match(/^\/i\/api\/graphql\/[^/]+\/([A-Za-z]+?)(?:V2)?$/);
    if (graphql) {
      const operation = graphql[1]!;
      const fail = failures.get(operation);
      failures.delete(operation);
      const body = request.postData() ?? '';
      const answer = answerXGraphql(operation, body, { ...(fail ? { fail } : {}), reshaped });
      calls.push({ operation, body: JSON.parse(body || 'null'), status: answer.status });
      await route.fulfill({ status: answer.status, contentType: 'application/json', body: answer.body });
      return;
    }
    const page = resolveXFixture(url);
    if (page) {
      await route.fulfill({ status: 200, contentType: page.contentType, body: page.body });
      return;
    }
    // Favicons and the like: nothing to see, and no 404 noise in the console.
    await route.fulfill({ status: 204, body: '' });
  };
  for (const host of ['https://x.com/**', 'https://twitter.com/**']) await context.route(host, handler);
  return {
    calls,
    failNext: (op, how) => failures.set(op, how),
    reshape: (on) => {
      reshaped = on;
    },
  };
}

/** A tweet on the page by its status id: the article whose timestamp links to it. */
export const article = (p: Page, id: string) =>
  p.locator('article[data-testid="tweet"]').filter({ has: p.locator(`a[href$="/status/${id}"] time`) });
