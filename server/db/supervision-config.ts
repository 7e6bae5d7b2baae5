import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** Environment variables of database supervision (merged into config.ts's schema). */
export const databaseSupervisionEnv = {
  /** A process whose database stays unreachable this long exits 1 with one line saying so. */
  CANDLELAB_DB_LOST_SECONDS: z.coerce.number().min(1).max(86_400).default(30),
  /**
   * Where Candlelab remembers which data folders it initialised, so a folder that later disappears is
   * reported instead of silently replaced by an empty one. Default: $XDG_STATE_HOME/candlelab or ~/.local/state/candlelab.
   */
  CANDLELAB_STATE_DIR: z.string().min(1).optional(),
  /** Set to true for one start to accept that a remembered data folder is gone and begin with an empty database. */
  CANDLELAB_REINITIALISE: z.stringbool().default(false),
  /** Where npm run db:backup (with no file named) and the restore's safety backup write. */
  CANDLELAB_BACKUP_DIR: z.string().min(1).default('backups'),
};

export interface DatabaseSupervisionConfig {
  readonly lostAfterMs: number;
  readonly stateDir: string;
  readonly reinitialise: boolean;
  readonly backupDir: string;
}

type SupervisionEnv = z.infer<z.ZodObject<typeof databaseSupervisionEnv>>;

export function databaseSupervisionConfig(e: SupervisionEnv): DatabaseSupervisionConfig {
  const stateHome = process.env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
  return {
    lostAfterMs: Math.round(e.CANDLELAB_DB_LOST_SECONDS * 1000),
    stateDir: path.resolve(e.CANDLELAB_STATE_DIR ?? path.join(stateHome, 'candlelab')),
    reinitialise: e.CANDLELAB_REINITIALISE,
    backupDir: path.resolve(e.CANDLELAB_BACKUP_DIR),
  };
}
