/** The exit reasons a trade can hold, as the engine names them: the server's descriptions and the web's filters read this one list. */
export { EXIT_REASONS } from '../server/engine/simulator/trade-log.ts';
