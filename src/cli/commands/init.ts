import type { RegisterCommand } from '../context.js';
import { SalesgradeError } from '../../shared/errors.js';

// Placeholder registration; replaced by the issue that owns the `init` command.
export const registerInit: RegisterCommand = (program) => {
  program
    .command('init')
    .description('(init is being built)')
    .allowUnknownOption()
    .action(() => {
      throw new SalesgradeError('usage', 'this command is not available yet');
    });
};
