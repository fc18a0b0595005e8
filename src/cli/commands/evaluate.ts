import type { RegisterCommand } from '../context.js';
import { SalesgradeError } from '../../shared/errors.js';

// Placeholder registration; replaced by the issue that owns the `evaluate` command.
export const registerEvaluate: RegisterCommand = (program) => {
  program
    .command('evaluate')
    .description('(evaluate is being built)')
    .allowUnknownOption()
    .action(() => {
      throw new SalesgradeError('usage', 'this command is not available yet');
    });
};
