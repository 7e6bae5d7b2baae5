import type { AppPubSub } from '../graphql/pubsub.ts';
import type { Logger } from '../logger.ts';
import type { AccessControl } from './access.service.ts';

interface ClosableSocket {
  close(code: number, reason: string): void;
}

/**
 * The open WebSocket connections of each principal, so that revoking a token ends them at once rather
 * than at their next message: the revocation's NOTIFY (access.service.ts) reaches every API process,
 * which closes the token's sockets with `closeCode`. After a database outage, when notifications may
 * have been missed, every open token is looked up again.
 */
export function closeSocketsOnRevocation(options: { readonly pubsub: AppPubSub; readonly access: AccessControl; readonly log: Logger; readonly closeCode: number }) {
  const sockets = new Map<string, Set<ClosableSocket>>();
  const closeAll = (principalId: string) => {
    for (const socket of sockets.get(principalId) ?? []) socket.close(options.closeCode, 'The API token was revoked');
    sockets.delete(principalId);
  };
  const revocations = options.pubsub.subscribe('tokenRevoked')[Symbol.asyncIterator]();
  const resumptions = options.pubsub.subscribe('eventsResumed')[Symbol.asyncIterator]();
  const follow = async <T>(events: AsyncIterator<T>, act: (event: T) => Promise<void> | void) => {
    for (let next = await events.next(); !next.done; next = await events.next()) {
      try {
        await act(next.value);
      } catch (error) {
        options.log.warn(`Could not check open sockets against revoked tokens: ${String(error)}`);
      }
    }
  };
  void follow(revocations, (event) => closeAll(event.principalId));
  void follow(resumptions, async () => {
    for (const principalId of await options.access.revokedAmong([...sockets.keys()])) closeAll(principalId);
  });
  return {
    /** Tracks an authenticated socket until it closes. */
    add(principalId: string, socket: ClosableSocket & { once(event: 'close', listener: () => void): unknown }): void {
      const set = sockets.get(principalId) ?? new Set();
      sockets.set(principalId, set.add(socket));
      socket.once('close', () => {
        set.delete(socket);
        if (set.size === 0 && sockets.get(principalId) === set) sockets.delete(principalId);
      });
    },
    async stop(): Promise<void> {
      await Promise.all([revocations.return?.(), resumptions.return?.()]);
    },
  };
}
