/** `salesgrade schema`: the rubric's JSON Schema, generated from the zod schema, for editor completion. */
import type { RegisterCommand } from '../context.js';

const EXAMPLES = `
Examples:
  $ salesgrade schema > rubric.schema.json
    then start the rubric with:  # yaml-language-server: $schema=./rubric.schema.json
    (the same file ships in the package as schema/rubric.schema.json)`;

export const registerSchema: RegisterCommand = (program, ctx) => {
  program
    .command('schema')
    .description('print the JSON Schema of the rubric format (for editor completion and validation)')
    .addHelpText('after', EXAMPLES)
    .action(async () => {
      const { rubricJsonSchemaText } = await import('../../rubric/json-schema.js');
      ctx.io.stdout.write(rubricJsonSchemaText());
      ctx.setExitCode(0);
    });
};
