/** What other features use of user strategies (dependency rule features-through-their-index). */
export { documentOfStrategy, loadUserStrategies } from './strategy-loader.ts';
export { listAllStrategies } from './strategy.service.ts';
