import { AppError } from '../graphql/errors.ts';
import { errorResponse, isDatabaseUnavailable, requestIdOf, type ErrorPolicy } from '../graphql/error-policy.ts';
import { forbidden, type AccessControl } from './access.service.ts';
import type { OriginPolicy } from './origin-policy.ts';
import type { Principal } from './tokens.ts';

/**
 * The checks every HTTP request to the API passes, whatever it asks for (GraphQL or a report download):
 * the origin/host rule, then the bearer token. One definition, used by the GraphQL access plugin and the
 * report routes alike.
 */
export interface HttpAccess {
  readonly access: AccessControl;
  readonly origins: OriginPolicy;
  readonly errorPolicy: ErrorPolicy;
}

/** 403 ORIGIN for a foreign page or an unknown Host (DNS rebinding); null when the request may go on. */
export function originRefusal(options: HttpAccess, request: Request): Response | null {
  const refusal = options.origins.refusal(request.headers.get('origin'), request.headers.get('host'));
  return refusal ? errorResponse(forbidden(refusal, { reason: 'ORIGIN' }), 403, requestIdOf(request), options.errorPolicy) : null;
}

/** The caller's principal, or the response refusing it (401 bad token, 503 database down, 500). */
export async function authenticateRequest(options: HttpAccess, request: Request): Promise<{ principal: Principal } | { refusal: Response }> {
  const requestId = requestIdOf(request);
  const refuse = (error: AppError, status: number) => ({ refusal: errorResponse(error, status, requestId, options.errorPolicy) });
  try {
    const result = await options.access.authenticate(request.headers.get('authorization'));
    if ('error' in result) return refuse(result.error, 401);
    return { principal: result.principal };
  } catch (error) {
    if (!isDatabaseUnavailable(error)) options.errorPolicy.log?.child({ requestId }).error('Authentication failed', error);
    return isDatabaseUnavailable(error)
      ? refuse(new AppError('DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly'), 503)
      : refuse(new AppError('INTERNAL_SERVER_ERROR', 'Authentication failed'), 500);
  }
}
