// Flat config: typescript-eslint's strict type-checked rules with the project service, as TanStack's packages use,
// and @vitest/eslint-plugin for test files.
import js from '@eslint/js';
import vitest from '@vitest/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/*.mjs', '**/*.cjs', 'apps/docs/.vitepress/cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Indexed reads of typed arrays are `number | undefined` under noUncheckedIndexedAccess; hot loops assert them.
      '@typescript-eslint/non-nullable-type-assertion-style': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
    },
  },
  {
    files: ['**/*.test.ts'],
    plugins: { vitest },
    rules: {
      ...vitest.configs.recommended.rules,
      'vitest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expectError', 'expectClose', 'expectRefused', 'expectValues', 'gradientCheck', 'expect.fail'] }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // expect(value, message) is vitest's way to say which case failed.
      'vitest/valid-expect': ['error', { maxArgs: 2 }],
    },
  },
);
