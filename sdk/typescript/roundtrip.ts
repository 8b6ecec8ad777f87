// A round trip through the API with types generated from openapi/openapi.json (openapi-typescript)
// and openapi-fetch: create a source, an event citing it, find it in a filtered page, read it back,
// and read two problem responses. Prints one JSON object; tests/sdk/test_typescript_sdk.py checks it.
//
//   DATELINE_SDK_BASE_URL=http://127.0.0.1:8000 DATELINE_SDK_KEY=... node dist/roundtrip.js
//
// schema.d.ts is generated, never committed: `npm run generate`.

import createClient from "openapi-fetch";
import type { components, paths } from "./schema.js";

type Event = components["schemas"]["Event"];
type Problem = components["schemas"]["ProblemDoc"];

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** The parts of a problem document the test checks. */
function problem(http: number, body: Problem) {
  return {
    http,
    status: body.status,
    title: body.title,
    type: body.type,
    fields: (body.errors ?? []).map((error) => error.field),
  };
}

/** Stop with the server's answer when a step that should succeed did not. */
function fail(step: string, http: number, body: unknown): never {
  throw new Error(`${step}: HTTP ${http}: ${JSON.stringify(body)}`);
}

async function main(): Promise<void> {
  const client = createClient<paths>({
    baseUrl: env("DATELINE_SDK_BASE_URL"),
    headers: { Authorization: `Bearer ${env("DATELINE_SDK_KEY")}` },
  });
  const suffix = Math.random().toString(16).slice(2, 10);
  const tag = `sdk-ts-${suffix}`;
  const url = `https://example.org/sdk/typescript/${suffix}`;

  // Defaulted fields (`kind`, `correction`, `importance`, ...) may be left out of request bodies.
  const source = await client.POST("/v1/sources", {
    body: { url, title: "Readout of the call", publisher: "Example Ministry", kind: "readout" },
  });
  if (source.error) fail("create source", source.response.status, source.error);

  const created = await client.POST("/v1/events", {
    body: {
      title: "SDK round trip",
      date: "2021-12-16",
      summary: "Created through openapi-fetch.",
      status: "published",
      tags: [tag],
      citations: [{ quote: "The two leaders spoke.", source_id: source.data.id, stance: "supports" }],
    },
  });
  if (created.error) fail("create event", created.response.status, created.error);
  const event: Event = created.data;

  const page = await client.GET("/v1/events", {
    params: { query: { tag: [tag], from: "2021-12", to: "2021-12", stance: "supports" } },
  });
  if (page.error) fail("list events", page.response.status, page.error);
  // Items are events or, in a sync feed, tombstones: `object` tells them apart.
  const listed = page.data.items.flatMap((item) => (item.object === "event" ? [item.id] : []));

  const read = await client.GET("/v1/events/{event_id}", { params: { path: { event_id: event.id } } });
  if (read.error) fail("get event", read.response.status, read.error);

  const invalid = await client.POST("/v1/events", { body: { title: "Not a day", date: "2021-02-30" } });
  if (!invalid.error) fail("invalid date accepted", invalid.response.status, invalid.data);

  const missing = await client.GET("/v1/events/{event_id}", {
    params: { path: { event_id: "00000000-0000-4000-8000-000000000000" } },
  });
  if (!missing.error) fail("missing event found", missing.response.status, missing.data);

  const result = {
    source: { id: source.data.id, url: source.data.url },
    event: { id: event.id, status: event.status, start: event.start, end: event.end, display: event.display },
    page: { ids: listed, next_cursor: page.data.next_cursor ?? null },
    read: {
      id: read.data.id,
      title: read.data.title,
      tags: read.data.tags,
      citations: read.data.citations.map((citation) => ({
        stance: citation.stance,
        quote: citation.quote,
        source: { id: citation.source.id, url: citation.source.url, publisher: citation.source.publisher },
      })),
    },
    problems: {
      invalid: problem(invalid.response.status, invalid.error),
      missing: problem(missing.response.status, missing.error),
    },
  };
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
