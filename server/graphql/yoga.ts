import type { Server } from 'node:http';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError, getOperationAST, NoSchemaIntrospectionCustomRule } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { principalOf, useAccessControl } from '../access/access.plugin.ts';
import type { ApiGuards } from '../access/guards.ts';
import type { Principal } from '../access/tokens.ts';
import type { Logger } from '../logger.ts';
import type { AppServices, RequestContext } from '../services.ts';
import { useDocumentLimits, useNoNulCharacters } from './document-limits.ts';
import { maskError, requestIdOf, sanitizeErrors, useErrorPolicy } from './error-policy.ts';
import { AppError } from './errors.ts';
import { useRequestTimeout } from './request-timeout.ts';
import { schema } from './schema.ts';

export const GRAPHQL_PATH = '/graphql';

/** What graphql-ws adds to the context of operations on a socket. */
interface SocketContext {
  principal?: Principal;
  requestId?: string;
  request?: Request;
}
type ServerContext = Record<string, unknown> & SocketContext;

/** graphql-ws close codes of the access contract (the web client relies on them). */
export const WS_CLOSE_UNAUTHENTICATED = 4401;
export const WS_CLOSE_FORBIDDEN = CloseCode.Forbidden; // 4403

const useNoIntrospection = (): Plugin => ({
  onValidate({ addValidationRule }) {
    addValidationRule(NoSchemaIntrospectionCustomRule);
  },
});

export function createGraphQLServer(services: AppServices, guards: ApiGuards): YogaServerInstance<ServerContext, RequestContext> {
  const { security } = services.config;
  return createYoga<ServerContext, RequestContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: security.graphiql ? { title: 'Candlelab GraphiQL', subscriptionsProtocol: 'WS' } : false,
    // Bundled GraphiQL assets: Yoga's default page loads its scripts from a CDN and stays blank offline.
    renderGraphiQL,
    landingPage: false,
    cors: (request) => {
      const origin = guards.origins.corsOrigin(request.headers.get('origin'));
      if (!origin) return false;
      return {
        origin: [origin],
        credentials: false,
        methods: ['GET', 'POST'],
        allowedHeaders: ['authorization', 'content-type', 'accept', 'x-request-id'],
        exposedHeaders: ['x-request-id', 'retry-after'],
        maxAge: 600,
      };
    },
    context: (initial) => {
      const request = initial.request as Request | undefined;
      const principal = initial.principal ?? principalOf(request);
      // Every path in authenticates first; an operation without a principal is a bug, refused rather than run.
      if (!principal) throw new AppError('UNAUTHENTICATED', 'This operation was not authenticated');
      return { services, em: services.orm.em.fork(), principal, requestId: initial.requestId ?? requestIdOf(request!) };
    },
    maskedErrors: { maskError },
    plugins: [
      useErrorPolicy(services.log),
      useAccessControl({ ...guards, graphiql: security.graphiql, log: services.log }),
      useDocumentLimits(),
      useNoNulCharacters(),
      useRequestTimeout(security.requestTimeoutMs),
      ...(security.introspection ? [] : [useNoIntrospection()]),
    ],
    logging: false,
  }) as unknown as YogaServerInstance<ServerContext, RequestContext>;
}

interface SocketExtra {
  principal?: Principal;
  connectionId?: string;
}

/**
 * graphql-ws on the same path, executing through Yoga's envelope so plugins and context are shared.
 * Access: the upgrade is refused (HTTP 403) for a foreign Origin or Host; the connection's
 * `connectionParams.authorization` ("Bearer <token>") is checked at connection_init and again at
 * every subscribe (a revoked token stops working on open sockets too): failure closes the socket
 * with 4401; a read-only token sending a mutation closes it with 4403.
 */
export function attachWebSocketServer(httpServer: Server, yoga: YogaServerInstance<ServerContext, RequestContext>, guards: ApiGuards, yogaLog: Logger) {
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: GRAPHQL_PATH,
    verifyClient: ({ req }, done) => {
      const refusal = guards.origins.refusal(req.headers.origin, req.headers.host);
      if (refusal) done(false, 403, refusal.replace(/[^\x20-\x7e]/g, '?'));
      else done(true);
    },
  });
  let connections = 0;
  const authenticate = async (socket: { close(code: number, reason: string): void }, params: Readonly<Record<string, unknown>> | undefined) => {
    const header = params?.authorization ?? params?.Authorization;
    const result = await guards.access.authenticate(typeof header === 'string' ? header : null);
    if ('error' in result) {
      socket.close(WS_CLOSE_UNAUTHENTICATED, 'Unauthorized');
      return null;
    }
    return result.principal;
  };
  const disposable = useServer(
    {
      execute: (args: any) => args.rootValue.execute(args),
      subscribe: (args: any) => args.rootValue.subscribe(args),
      onConnect: async (ctx) => {
        const extra = ctx.extra as typeof ctx.extra & SocketExtra;
        const principal = await authenticate(ctx.extra.socket, ctx.connectionParams);
        if (!principal) return false;
        extra.principal = principal;
        extra.connectionId = `ws-${++connections}`;
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const extra = ctx.extra as typeof ctx.extra & SocketExtra;
        const requestId = `${extra.connectionId}-${id}`;
        const principal = await authenticate(ctx.extra.socket, ctx.connectionParams);
        if (!principal) return [new AppError('UNAUTHENTICATED', 'The API token is unknown or revoked')];
        const { schema: envelopedSchema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          principal,
          requestId,
        });
        const refuse = (errors: readonly GraphQLError[]) => {
          sanitizeErrors(errors, requestId, yogaLog);
          return [...errors];
        };
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return refuse([error instanceof GraphQLError ? error : new AppError('GRAPHQL_PARSE_FAILED', (error as Error).message)]);
        }
        const errors = validate(envelopedSchema, document);
        if (errors.length > 0) return refuse(errors);
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation === 'mutation' && principal.role !== 'WRITE') {
          ctx.extra.socket.close(WS_CLOSE_FORBIDDEN, 'Forbidden');
          return refuse([new AppError('FORBIDDEN', `The token ${principal.name} is read-only; mutations need a read-write token`)]);
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
