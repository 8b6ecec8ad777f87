// What a developer does with the shipped TypeScript SDK (src/), on a running service, through the
// typed client only (no raw fetch). tests/sdk/test_typescript_sdk.py type-checks this file
// (tsc --strict, tsconfig.flows.json), runs it and checks the one JSON object it prints.
//
//   DATELINE_SDK_BASE_URL=http://127.0.0.1:8000 DATELINE_SDK_KEY=dl_... DATELINE_SDK_EVENT=<uuid> \
//   DATELINE_SDK_TIMELINE=<slug> node dist/test/flows.js

import {
  createDatelineClient,
  idempotencyKey,
  isProblem,
  paginate,
  unwrap,
  type DatelineClient,
  type Problem,
  type Schemas,
} from "../src/index.js";

type Event = Schemas["Event"];

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** The problem a call that should have failed answered with. */
function problemOf(result: { error?: unknown; response: Response }): Problem {
  if (!isProblem(result.error)) throw new Error(`HTTP ${result.response.status}: not a problem`);
  return result.error;
}

/** Every event with `tag` from `since` on, `limit` a page, following cursors to the end. */
async function listAll(client: DatelineClient, tag: string, since: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  const events = paginate((cursor) =>
    client.GET("/v1/events", {
      params: { query: { tag: [tag], from: since, limit, ...(cursor === undefined ? {} : { cursor }) } },
    }),
  );
  for await (const event of events) ids.push(event.id);
  return ids;
}

async function readCited(client: DatelineClient, eventId: string) {
  const event: Event = unwrap(await client.GET("/v1/events/{event_id}", { params: { path: { event_id: eventId } } }));
  return {
    title: event.title,
    quotes: event.citations.map((citation) => citation.quote),
    source_urls: event.citations.map((citation) => citation.source.url),
    stances: event.citations.map((citation) => citation.stance),
  };
}

async function newSource(client: DatelineClient, url: string) {
  return unwrap(
    await client.POST("/v1/sources", {
      body: { url, title: "Readout of the call", publisher: "Example Ministry", kind: "readout" },
    }),
  );
}

async function duplicateSource(client: DatelineClient, url: string) {
  const first = await newSource(client, url);
  const again = await client.POST("/v1/sources", { body: { url, title: "The same readout" } });
  const problem = problemOf(again);
  return { first: first.id, status: problem.status, existing_id: problem.existing_id ?? null };
}

async function publishEvent(client: DatelineClient, tag: string, sourceId: string): Promise<Event> {
  // A POST retried with the same Idempotency-Key is answered once: the retry replays the first answer.
  const key = idempotencyKey();
  const create = () =>
    client.POST("/v1/events", {
      params: { header: { "Idempotency-Key": key } },
      body: {
        title: "Leaders hold a video call",
        date: "2021-12-15",
        summary: "Created through the TypeScript SDK.",
        status: "published",
        tags: [tag],
        citations: [{ quote: "The two leaders spoke.", source_id: sourceId, stance: "supports" }],
      },
    });
  const event = unwrap(await create());
  const replayed = unwrap(await create());
  if (replayed.id !== event.id) throw new Error("the retry created a second event");
  return event;
}

async function patchWithIfMatch(client: DatelineClient, eventId: string) {
  const path = { event_id: eventId };
  const read = await client.GET("/v1/events/{event_id}", { params: { path } });
  const etag = read.response.headers.get("ETag") ?? "";
  const done = unwrap(
    await client.PATCH("/v1/events/{event_id}", { params: { path, header: { "If-Match": etag } }, body: { title: "Renamed" } }),
  );
  const stale = await client.PATCH("/v1/events/{event_id}", {
    params: { path, header: { "If-Match": etag } },
    body: { title: "Lost" },
  });
  return { title: done.title, version: done.version, stale_status: problemOf(stale).status };
}

/** Read an event, then again with its ETag in If-None-Match: the two statuses (200, then 304). */
async function revalidate(client: DatelineClient, eventId: string) {
  const params = { path: { event_id: eventId } };
  const first = await client.GET("/v1/events/{event_id}", { params });
  const etag = first.response.headers.get("ETag") ?? "";
  const again = await client.GET("/v1/events/{event_id}", { params, headers: { "If-None-Match": etag } });
  return [first.response.status, again.response.status];
}

async function fieldErrors(client: DatelineClient) {
  const problem = problemOf(await client.POST("/v1/events", { body: { title: "Not a day", date: "2021-02-30" } }));
  return { status: problem.status, errors: Object.fromEntries((problem.errors ?? []).map((e) => [e.field, e.message])) };
}

/** A timeline in each export format, each through its own typed call. */
async function exportAll(client: DatelineClient, slug: string) {
  const params = { path: { slug } };
  const timelinejs: Schemas["TimelineJs"] = unwrap(await client.GET("/v1/timelines/{slug}/export/timelinejs", { params }));
  const jsonld: Schemas["JsonLdItemList"] = unwrap(await client.GET("/v1/timelines/{slug}/export/jsonld", { params }));
  const csljson: Schemas["CslItem"][] = unwrap(await client.GET("/v1/timelines/{slug}/export/csljson", { params }));
  const text = { params, parseAs: "text" } as const;
  const ics: string = unwrap(await client.GET("/v1/timelines/{slug}/export/ics", text));
  const atom: string = unwrap(await client.GET("/v1/timelines/{slug}/export/atom", text));
  const csv: string = unwrap(await client.GET("/v1/timelines/{slug}/export/csv", text));
  return {
    timelinejs: timelinejs.events.map((slide) => slide.text.headline),
    jsonld: { names: jsonld.itemListElement.map((element) => element.item.name), count: jsonld.numberOfItems },
    csljson: csljson.map((item) => ({ title: item.title, url: item.URL })),
    ics,
    atom,
    csv,
  };
}

async function importCsv(client: DatelineClient, text: string) {
  return unwrap(
    await client.POST("/v1/import", {
      params: { query: { format: "csv" }, header: { "Idempotency-Key": idempotencyKey() } },
      body: text,
      bodySerializer: (body) => body,
      headers: { "Content-Type": "text/csv" },
    }),
  );
}

async function main(): Promise<void> {
  const baseUrl = env("DATELINE_SDK_BASE_URL");
  const client = createDatelineClient({ baseUrl, key: env("DATELINE_SDK_KEY") });
  const publicClient = createDatelineClient({ baseUrl });
  const suffix = Math.random().toString(16).slice(2, 10);
  const tag = `sdk-ts-${suffix}`;
  const results: Record<string, unknown> = {};
  // Each flow reports its own result or its failure, so that one failing flow does not hide the others.
  const flow = async (name: string, run: () => Promise<unknown>) => {
    try {
      results[name] = await run();
    } catch (error: unknown) {
      results[name] = { failed: String(error) };
    }
  };

  await flow("list", async () => {
    const all = await listAll(publicClient, "olympics", "2014", 200);
    const byLimit: Record<string, string[]> = {};
    for (const limit of [1, 2, 3, all.length - 1]) byLimit[String(limit)] = await listAll(publicClient, "olympics", "2014", limit);
    return { all, by_limit: byLimit, none: await listAll(publicClient, "olympics", "2030", 2) };
  });
  await flow("read", () => readCited(publicClient, env("DATELINE_SDK_EVENT")));
  await flow("revalidate", () => revalidate(publicClient, env("DATELINE_SDK_EVENT")));
  await flow("duplicate", () => duplicateSource(client, `https://example.org/sdk/typescript/${suffix}/dup`));
  await flow("publish", async () => {
    const source = await newSource(client, `https://example.org/sdk/typescript/${suffix}`);
    const event = await publishEvent(client, tag, source.id);
    return {
      source_url: source.url,
      status: event.status,
      version: event.version,
      listed: await listAll(publicClient, tag, "2021", 5),
      id: event.id,
      read: await readCited(publicClient, event.id),
      patched: await patchWithIfMatch(client, event.id),
    };
  });
  await flow("invalid", () => fieldErrors(client));
  await flow("exports", () => exportAll(publicClient, env("DATELINE_SDK_TIMELINE")));
  await flow("import", async () => {
    const url = `https://example.org/sdk/typescript/${suffix}/import`;
    const text =
      "title,date,status,tags,citation_1_url,citation_1_title,citation_1_quote,citation_1_stance\n" +
      `Imported one,2021-12-20,published,${tag}-import,${url},A source,A passage.,supports\n` +
      `Imported two,2021-12-21,draft,${tag}-import,,,,\n`;
    const report = await importCsv(client, text);
    return { created: report.created, published: report.published, drafts: report.drafts, listed: (await listAll(publicClient, `${tag}-import`, "2021", 1)).length };
  });
  console.log(JSON.stringify(results));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
