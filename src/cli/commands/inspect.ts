import type { RegisterCommand } from '../context.js';
import { SalesgradeError } from '../../shared/errors.js';

// Placeholder registration; replaced by the issue that owns the `inspect` command.
export const registerInspect: RegisterCommand = (program) => {
  program
    .command('inspect')
    .description('(inspect is being built)')
    .allowUnknownOption()
    .action(() => {
      throw new SalesgradeError('usage', 'this command is not available yet');
    });
};
