import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs `work` in a transaction on this very manager: entities created or loaded on `em` (a request's
 * new record) flush inside it. em.transactional would run it on a fork, outside which those stay.
 */
export async function inTransaction<T>(em: EntityManager, work: () => Promise<T>): Promise<T> {
  await em.begin();
  try {
    const result = await work();
    await em.commit();
    return result;
  } catch (error) {
    await em.rollback();
    throw error;
  }
}
