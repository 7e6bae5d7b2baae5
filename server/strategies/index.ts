/** What other features use of user strategies (dependency rule features-through-their-index). */
export { documentOfStrategy, loadStrategyTitle, loadUserStrategies, STRATEGY_TITLE_DESCRIPTION, strategyTitle } from './strategy-loader.ts';
export { listAllStrategies } from './strategy.service.ts';
