import type { RegisterCommand } from '../context.js';
import { SalesgradeError } from '../../shared/errors.js';

// Placeholder registration; replaced by the issue that owns the `explain` command.
export const registerExplain: RegisterCommand = (program) => {
  program
    .command('explain')
    .description('(explain is being built)')
    .allowUnknownOption()
    .action(() => {
      throw new SalesgradeError('usage', 'this command is not available yet');
    });
};
