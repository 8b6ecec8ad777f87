// The Dateline API client: the types generated from openapi/openapi.json (./schema.ts, `make sdk`)
// on openapi-fetch, plus what every caller needs: the key, the pages, the problems, retries.

import createFetchClient, { type Client, type ClientOptions, type Middleware } from "openapi-fetch";
import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };
export type Schemas = components["schemas"];
/** An RFC 9457 problem: the body of every 4xx and 5xx answer. */
export type Problem = Schemas["ProblemDoc"];
export type DatelineClient = Client<paths>;

export interface DatelineOptions extends ClientOptions {
  /** The service's base URL, e.g. `https://dateline.example.org`. */
  baseUrl: string;
  /** An API key (`dl_…`), sent as `Authorization: Bearer <key>`; reads of published content need none. */
  key?: string;
}

/** A client for the whole API: `client.GET("/v1/events", { params: { query: { tag: ["summit"] } } })`. */
export function createDatelineClient(options: DatelineOptions): DatelineClient {
  const { key, ...fetchOptions } = options;
  const client = createFetchClient<paths>(fetchOptions);
  if (key !== undefined) client.use(bearer(key));
  return client;
}

/** Middleware that authenticates every request with an API key. */
export function bearer(key: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${key}`);
      return request;
    },
  };
}

/** Whether a value is a problem document (as `error` of a failed call is). */
export function isProblem(value: unknown): value is Problem {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.type === "string" && typeof record.title === "string" && typeof record.status === "number";
}

/** Thrown by the helpers below when the service answers with a problem. */
export class ProblemError extends Error {
  readonly problem: Problem;
  readonly response: Response;

  constructor(problem: Problem, response: Response) {
    super(`${problem.status} ${problem.title}${problem.detail ? `: ${problem.detail}` : ""}`);
    this.name = "ProblemError";
    this.problem = problem;
    this.response = response;
  }
}

/** The data of a call's result, or a ProblemError (any other failure: an Error with the status). */
export function unwrap<Data>(result: { data?: Data; error?: unknown; response: Response }): Data {
  if (result.data !== undefined && result.error === undefined) return result.data;
  if (isProblem(result.error)) throw new ProblemError(result.error, result.response);
  throw new Error(`HTTP ${result.response.status}: ${JSON.stringify(result.error ?? null)}`);
}

/** A page of any list: its items and the cursor of the next page (`null` on the last), always sent. */
export interface Page<Item> {
  items: Item[];
  next_cursor: string | null;
}

/**
 * Every item of a list, page after page, following `next_cursor` to the end. `fetchPage` makes one call
 * with the cursor it is given (undefined for the first page):
 *
 *   for await (const event of paginate((cursor) =>
 *     client.GET("/v1/events", { params: { query: { tag: ["summit"], ...(cursor ? { cursor } : {}) } } }),
 *   )) { ... }
 */
export async function* paginate<Item>(
  fetchPage: (cursor: string | undefined) => Promise<{ data?: Page<Item>; error?: unknown; response: Response }>,
): AsyncGenerator<Item, void, undefined> {
  let cursor: string | undefined;
  do {
    const page = unwrap(await fetchPage(cursor));
    yield* page.items;
    cursor = page.next_cursor === null ? undefined : page.next_cursor;
  } while (cursor !== undefined);
}

/**
 * A fresh `Idempotency-Key`: send the same one when retrying a POST, and the service replays the first
 * answer instead of creating the object twice.
 */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}

/** The seconds a 429 or 503 asks to wait (`Retry-After`), or `undefined` when it names none. */
export function retryAfter(response: Response): number | undefined {
  const value = response.headers.get("Retry-After");
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}
