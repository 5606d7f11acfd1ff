import type { Connector } from './types';
import { xConnector } from './x';
import { youtubeConnector } from './youtube';

/** Defaults when the environment does not say; the README lists every variable. */
export const CONNECTOR_DEFAULT_INTERVAL_SECONDS = { youtube: 3600, x: 900 } as const;

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not "${raw}"`);
  return n;
}

/**
 * Connectors the environment configures: YouTube with YOUTUBE_API_KEY, X with X_BEARER_TOKEN.
 * Either, both or neither; CONNECTORS=off turns both off while keeping the keys in place.
 */
export function connectorsFromEnv(env: NodeJS.ProcessEnv): Connector[] {
  if (env.CONNECTORS?.trim().toLowerCase() === 'off') return [];
  const out: Connector[] = [];
  const ytKey = env.YOUTUBE_API_KEY?.trim();
  if (ytKey) {
    out.push(
      youtubeConnector({
        apiKey: ytKey,
        baseUrl: env.YOUTUBE_API_BASE_URL?.trim() || 'https://www.googleapis.com/youtube/v3',
        intervalSeconds: Math.round(
          positive(env, 'YOUTUBE_INTERVAL_MINUTES', CONNECTOR_DEFAULT_INTERVAL_SECONDS.youtube / 60) * 60,
        ),
        dailyQuota: Math.floor(positive(env, 'YOUTUBE_DAILY_QUOTA', 10_000)),
        searchPagesPerRun: Math.floor(positive(env, 'YOUTUBE_SEARCH_PAGES_PER_RUN', 1)),
        commentPagesPerRun: Math.floor(positive(env, 'YOUTUBE_COMMENT_PAGES_PER_RUN', 50)),
        watchDays: positive(env, 'YOUTUBE_WATCH_DAYS', 7),
        maxWatchedVideos: Math.floor(positive(env, 'YOUTUBE_MAX_WATCHED_VIDEOS', 50)),
        lookbackHours: positive(env, 'YOUTUBE_LOOKBACK_HOURS', 24),
      }),
    );
  }
  const xToken = env.X_BEARER_TOKEN?.trim();
  if (xToken) {
    out.push(
      xConnector({
        bearerToken: xToken,
        baseUrl: env.X_API_BASE_URL?.trim() || 'https://api.x.com',
        intervalSeconds: Math.round(
          positive(env, 'X_INTERVAL_MINUTES', CONNECTOR_DEFAULT_INTERVAL_SECONDS.x / 60) * 60,
        ),
        maxPagesPerRun: Math.floor(positive(env, 'X_PAGES_PER_RUN', 5)),
        maxResults: Math.min(100, Math.max(10, Math.floor(positive(env, 'X_MAX_RESULTS', 100)))),
        lookbackHours: Math.min(7 * 24 - 1, positive(env, 'X_LOOKBACK_HOURS', 24)),
        maxQueryLength: Math.floor(positive(env, 'X_MAX_QUERY_LENGTH', 512)),
      }),
    );
  }
  return out;
}
