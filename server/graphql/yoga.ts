import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError, getOperationAST, NoSchemaIntrospectionCustomRule } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { WebSocket, WebSocketServer } from 'ws';
import { principalOf, useAccessControl } from '../access/access.plugin.ts';
import type { ApiGuards } from '../access/guards.ts';
import type { Turn } from '../access/operation-turns.ts';
import { closeSocketsOnRevocation } from '../access/socket-revocation.ts';
import type { Principal } from '../access/tokens.ts';
import type { Logger } from '../logger.ts';
import type { AppServices, RequestContext } from '../services.ts';
import { useDocumentLimits, useNoNulCharacters } from './document-limits.ts';
import { writeCodedToSocket } from '../http/coded-response.ts';
import { maskError, requestIdOf, sanitizeErrors, useErrorPolicy, type ErrorPolicy } from './error-policy.ts';
import { AppError } from './errors.ts';
import type { AppPubSub } from './pubsub.ts';
import { MAX_JSON_NESTING, REQUEST_BYTES, jsonNestingDepth, useRequestBodyLimits } from './request-body.ts';
import { requestWorkSignal, useRequestTimeout } from './request-timeout.ts';
import { wellFormed } from './well-formed.ts';
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

/** How this server words its errors (error-policy.ts): suggestions only where the schema may be introspected anyway. */
export const errorPolicyOf = (services: AppServices): ErrorPolicy & { readonly log: Logger } => ({ log: services.log, suggestions: services.config.security.introspection });

export function createGraphQLServer(services: AppServices, guards: ApiGuards): YogaServerInstance<ServerContext, RequestContext> {
  const { security } = services.config;
  const errorPolicy = errorPolicyOf(services);
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
      return { services, em: services.orm.em.fork(), principal, requestId: initial.requestId ?? requestIdOf(request!), signal: requestWorkSignal() };
    },
    maskedErrors: { maskError },
    maxRequestBodySize: REQUEST_BYTES.readWrite,
    plugins: [
      useErrorPolicy(errorPolicy),
      useAccessControl({ ...guards, graphiql: security.graphiql, errorPolicy }),
      useRequestBodyLimits(),
      useDocumentLimits(),
      useNoNulCharacters(),
      useRequestTimeout(security.requestTimeoutMs),
      ...(security.introspection ? [] : [useNoIntrospection()]),
    ],
    logging: false,
  }) as unknown as YogaServerInstance<ServerContext, RequestContext>;
}

/** Subscriptions and queries only: a socket carries no uploads, so every message gets the read-only cap. */
const REQUEST_BYTES_OVER_WEBSOCKET = REQUEST_BYTES.readOnly;
/** graphql-ws's close code for a message too large (ws's own 1009 would come only beyond the transport's hard cap). */
const WS_CLOSE_TOO_LARGE = 4413;

/**
 * graphql-ws JSON.parses every message; a message larger than the read-only cap (4413) or nesting
 * deeper than any operation needs (4400) is closed before that parse (request-body.ts says why).
 */
class LimitedWebSocket extends WebSocket {
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'message') {
      const data = args[0] as Buffer | ArrayBuffer | Buffer[];
      const bytes = Array.isArray(data) ? data.reduce((sum, part) => sum + part.byteLength, 0) : data.byteLength;
      if (bytes > REQUEST_BYTES_OVER_WEBSOCKET) {
        this.close(WS_CLOSE_TOO_LARGE, `Messages may be at most ${REQUEST_BYTES_OVER_WEBSOCKET} bytes`);
        return false;
      }
      if (jsonNestingDepth(String(data), MAX_JSON_NESTING) > MAX_JSON_NESTING) {
        this.close(CloseCode.BadRequest, `Messages may nest at most ${MAX_JSON_NESTING} levels`);
        return false;
      }
    }
    return super.emit(event, ...args);
  }
}

interface SocketExtra {
  principal?: Principal;
  /** Turns its queries and mutations hold or wait for (operation-turns.ts), given back when the socket closes. */
  turns?: Set<Turn>;
}

/**
 * graphql-ws on the same path, executing through Yoga's envelope so plugins and context are shared.
 * Upgrades arrive through the request boundary (http/request-boundary.ts), which has refused foreign
 * Origins and Hosts; a handshake ws cannot accept is answered with a coded error too. Access: the
 * connection's `connectionParams.authorization` ("Bearer <token>") is checked at connection_init and
 * again at every subscribe: failure closes the socket with 4401, and so does revoking its token, at
 * once (access/socket-revocation.ts); a read-only token sending a mutation closes it with 4403.
 */
export function createWebSocketServer(yoga: YogaServerInstance<ServerContext, RequestContext>, guards: ApiGuards, errorPolicy: ErrorPolicy & { readonly log: Logger }, pubsub: AppPubSub) {
  const wsServer = new WebSocketServer({ noServer: true, maxPayload: REQUEST_BYTES.readWrite, WebSocket: LimitedWebSocket });
  const revocation = closeSocketsOnRevocation({ pubsub, access: guards.access, log: errorPolicy.log, closeCode: WS_CLOSE_UNAUTHENTICATED });
  // ws answers a handshake it cannot accept (bad key, version, protocol) with plain text unless told otherwise.
  wsServer.on('wsClientError', (error, socket) => writeCodedToSocket(socket, { status: 400, code: 'BAD_REQUEST', message: `Not a WebSocket handshake: ${error.message}` }, randomUUID(), errorPolicy.log));
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
      execute: async (args: any) => {
        try {
          return await args.rootValue.execute(args);
        } finally {
          args.rootValue.leave?.();
        }
      },
      subscribe: (args: any) => args.rootValue.subscribe(args),
      // Resolver errors are masked by Yoga after the error policy's execution hooks saw them: sanitized here.
      onNext: (_ctx, _id, _payload, args, result) =>
        result.errors ? { ...result, errors: sanitizeErrors(result.errors, (args.contextValue as { requestId?: string }).requestId, errorPolicy).map((error) => error.toJSON()) } : undefined,
      // A stream that fails midway (its source threw) ends with these: masked, coded and logged like any other.
      // (Refusals from onSubscribe arrive here sanitized already, under their request id.)
      onError: (_ctx, _id, _payload, errors) => {
        const requestId = errors.map((error) => error.extensions?.requestId).find((id): id is string => typeof id === 'string') ?? randomUUID();
        const masked = errors.map((error) => (error.originalError && !(error.originalError instanceof GraphQLError) ? (maskError(error, 'Unexpected error.') as GraphQLError) : error));
        return sanitizeErrors(masked, requestId, errorPolicy).map((error) => error.toJSON());
      },
      onConnect: async (ctx) => {
        const extra = ctx.extra as typeof ctx.extra & SocketExtra;
        const principal = await authenticate(ctx.extra.socket, ctx.connectionParams);
        if (!principal) return false;
        extra.principal = principal;
        revocation.add(principal.id, ctx.extra.socket);
        return true;
      },
      onClose: (ctx) => {
        for (const turn of (ctx.extra as typeof ctx.extra & SocketExtra).turns ?? []) turn.leave();
      },
      onSubscribe: async (ctx, _id, payload) => {
        const requestId = randomUUID();
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
        const refuse = (errors: readonly GraphQLError[]) => sanitizeErrors(errors, requestId, errorPolicy);
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
        const contextValue = await contextFactory();
        // Queries and mutations take one of their principal's turns, as over HTTP; subscriptions do not.
        let leave: (() => void) | undefined;
        if (operation?.operation !== 'subscription') {
          let turn: Turn;
          try {
            turn = guards.turns.take(principal.id);
          } catch (error) {
            return refuse([error as AppError]);
          }
          const held = ((ctx.extra as typeof ctx.extra & SocketExtra).turns ??= new Set());
          held.add(turn);
          leave = () => {
            held.delete(turn);
            turn.leave();
          };
          if (!(await turn.admitted)) return refuse([new AppError('BAD_REQUEST', 'The socket closed before the operation’s turn came')]);
        }
        return {
          schema: envelopedSchema,
          operationName: payload.operationName,
          document,
          variableValues: wellFormed(payload.variables),
          contextValue,
          rootValue: { execute, subscribe, leave },
        };
      },
    },
    wsServer,
  );
  return {
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      wsServer.handleUpgrade(req, socket, head, (client) => wsServer.emit('connection', client, req));
    },
    close: async () => {
      await revocation.stop();
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
