import { BacktestEquityPoint } from '../backtest/backtest-equity-point.entity.ts';
import { BacktestRun } from '../backtest/backtest-run.entity.ts';
import { BacktestTrade } from '../backtest/backtest-trade.entity.ts';
import { ApiToken } from '../access/api-token.entity.ts';
import { CandleCoverage } from '../market-data/candle-coverage.entity.ts';
import { CandleFlag } from '../market-data/candle-flag.entity.ts';
import { CandleChunk } from '../market-data/candle-chunk.entity.ts';
import { FundingRate } from '../market-data/funding-rate.entity.ts';
import { BacktestFill } from '../backtest/backtest-fill.entity.ts';
import { OptimizationSweep } from '../optimization/optimization-sweep.entity.ts';
import { StrategyOptimization } from '../optimization/strategy-optimization.entity.ts';
import { OptimizationRecommendation } from '../recommendations/optimization-recommendation.entity.ts';
import { StrategyPreset } from '../recommendations/strategy-preset.entity.ts';
import { Universe } from '../universes/universe.entity.ts';
import { UserStrategy, UserStrategyVersion } from '../strategies/user-strategy.entity.ts';

/** Every entity the ORM maps; migrations are generated from exactly this list. */
export const entities = [ApiToken, BacktestRun, BacktestTrade, BacktestFill, BacktestEquityPoint, CandleChunk, FundingRate, CandleCoverage, CandleFlag, OptimizationSweep, StrategyOptimization, OptimizationRecommendation, StrategyPreset, Universe, UserStrategy, UserStrategyVersion];
