import type { ErrorBody, ErrorCode, ValidationIssue } from '../../lib/schemas/api';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  missing_token: 401,
  invalid_token: 401,
  token_revoked: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
};

/** Thrown anywhere in a handler; `onError` turns it into the JSON error body. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = STATUS[code];
  }

  body(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

interface ZodLikeIssue {
  path: PropertyKey[];
  message: string;
}

export function validationError(issues: readonly ZodLikeIssue[], what = 'request body'): ApiError {
  const list: ValidationIssue[] = issues.map((i) => ({
    path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
    message: i.message,
  }));
  const first = list[0];
  const where = first && first.path.length > 0 ? formatPath(first.path) : what;
  const more = list.length > 1 ? ` (and ${list.length - 1} more)` : '';
  return new ApiError('validation_failed', `${where}: ${first?.message ?? 'invalid'}${more}`, {
    issues: list,
  });
}

/** `["events", 3, "occurredAt"]` -> `events[3].occurredAt`, the way a person would point at it. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
