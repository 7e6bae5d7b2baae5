import type { Server } from 'node:http';
import { GraphQLError } from 'graphql';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import type { AppServices, RequestContext } from '../services.ts';
import { codeForGraphQLError } from './errors.ts';
import { schema } from './schema.ts';

export const GRAPHQL_PATH = '/graphql';

type ServerContext = Record<string, unknown>;

/** Every error leaves with an `extensions.code`, including those graphql-js raises before resolvers run. */
function useErrorCodes(): Plugin {
  const addCodes = (errors: readonly GraphQLError[] | undefined) => {
    for (const error of errors ?? []) {
      if (error instanceof GraphQLError && error.extensions.code === undefined) {
        (error.extensions as Record<string, unknown>).code = codeForGraphQLError(error);
      }
    }
  };
  return {
    onResultProcess({ result }) {
      const results = Array.isArray(result) ? result : [result];
      for (const item of results) {
        if (item && typeof item === 'object' && 'errors' in item) addCodes(item.errors as GraphQLError[]);
      }
    },
  };
}

export function createGraphQLServer(services: AppServices): YogaServerInstance<ServerContext, RequestContext> {
  return createYoga<ServerContext, RequestContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: { title: 'Candlelab GraphiQL', subscriptionsProtocol: 'WS' },
    // Bundled GraphiQL assets: Yoga's default page loads its scripts from a CDN and stays blank offline.
    renderGraphiQL,
    landingPage: false,
    context: () => ({ services, em: services.orm.em.fork() }),
    maskedErrors: {
      maskError: (error, message) => {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) return error;
        services.log.error('Unexpected error in a resolver', original);
        return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      },
    },
    plugins: [useErrorCodes()],
    logging: false,
  }) as unknown as YogaServerInstance<ServerContext, RequestContext>;
}

/** graphql-ws on the same path, executing through Yoga's envelope so plugins and context are shared. */
export function attachWebSocketServer(httpServer: Server, yoga: YogaServerInstance<ServerContext, RequestContext>) {
  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH });
  const disposable = useServer(
    {
      execute: (args: any) => args.rootValue.execute(args),
      subscribe: (args: any) => args.rootValue.subscribe(args),
      onSubscribe: async (ctx, _id, payload) => {
        const { schema: envelopedSchema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
        });
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [new GraphQLError((error as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        const errors = validate(envelopedSchema, document);
        if (errors.length > 0) {
          return errors.map((error: GraphQLError) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
        }
        return {
          schema: envelopedSchema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
      },
    },
    wsServer,
  );
  return {
    close: async () => {
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
