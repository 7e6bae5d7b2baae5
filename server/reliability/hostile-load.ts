/**
 * The hostile read-only client of the event-loop figure (hostile-reader.ts), run on a thread of its
 * own: an attacker is another machine, so its own work (building and sending megabyte bodies, reading
 * answers) must not delay the observer whose latency the figure measures.
 */
export interface HostileLoad {
  readonly url: string;
  readonly token: string;
  /** Each operation's name and its request body, serialised once. */
  readonly operations: ReadonlyArray<{ readonly name: string; readonly body: string }>;
  readonly connections: number;
  readonly durationMs: number;
}

/** Answers by operation and by the first error's code ('data' when none), as [name, code, count] rows. */
export default async function hostileLoad(load: HostileLoad): Promise<Array<[string, string, number]>> {
  const answers = new Map<string, number>();
  const end = performance.now() + load.durationMs;
  const connection = async (offset: number) => {
    for (let i = offset; performance.now() < end; i++) {
      const operation = load.operations[i % load.operations.length];
      const code = await fetch(load.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${load.token}` },
        body: operation.body,
      })
        .then((response) => response.json() as Promise<{ errors?: Array<{ extensions?: { code?: unknown } }> }>)
        .then(({ errors }) => (errors?.length ? String(errors[0].extensions?.code) : 'data'))
        .catch(() => 'NO_ANSWER');
      const key = JSON.stringify([operation.name, code]);
      answers.set(key, (answers.get(key) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: load.connections }, (_, i) => connection(i)));
  return [...answers].map(([key, count]) => [...(JSON.parse(key) as [string, string]), count]);
}
