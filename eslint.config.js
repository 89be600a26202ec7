// ESLint flat config: typescript-eslint's strict type-checked rules on every TypeScript file,
// Prettier's formatting rules switched off (Prettier formats), short functions in the bot's code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'coverage/',
      'manifest/build/',
      'knowledge/content/',
      '.data/',
      'web/vendor/',
      'tests/browser/output/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // A non-null assertion needs an eslint-disable comment saying why it holds.
      '@typescript-eslint/no-non-null-assertion': 'error',
      // Counts and sizes in messages are numbers; anything else must be turned into text on purpose.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `(p) => problems.push(p)` is how the validators collect; a void in a statement arrow is clear.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // The package's index loads every prompt and the recognizers-text modules at start; the bot uses none.
    files: ['**/*.ts'],
    ignores: ['tests/**', 'dialogs/dialogKit.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'botbuilder-dialogs', message: 'Import from dialogs/dialogKit.ts (see its comment).' }] },
      ],
    },
  },
  {
    // Tests: describe blocks are long by nature; the type rules still apply.
    files: ['tests/**/*.ts'],
    rules: { 'max-lines-per-function': 'off' },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
