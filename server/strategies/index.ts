/** What other features use of user strategies (dependency rule features-through-their-index). */
export { documentOfStrategy, loadStrategyTitle, loadUserStrategies, STRATEGY_TITLE_DESCRIPTION, strategyFamily, strategyTitle } from './strategy-loader.ts';
export { STRATEGY_FILTER_DESCRIPTION, strategyNameCondition } from './strategy-filter.ts';
export { listAllStrategies } from './strategy.service.ts';
