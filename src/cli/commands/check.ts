import type { RegisterCommand } from '../context.js';
import { SalesgradeError } from '../../shared/errors.js';

// Placeholder registration; replaced by the issue that owns the `check` command.
export const registerCheck: RegisterCommand = (program) => {
  program
    .command('check')
    .description('(check is being built)')
    .allowUnknownOption()
    .action(() => {
      throw new SalesgradeError('usage', 'this command is not available yet');
    });
};
