import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'cloudfunctions/*/index.js',
      // the back office page as Vite built it
      'cloudfunctions/admin/public/**',
      'miniprogram/**/*.js',
      // packNpm's output (TDesign as shipped)
      'miniprogram/miniprogram_npm/**',
      'dist/**',
      'coverage/**',
      '.local-cloud/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    // tests read loosely typed JSON answers of the local cloud and the simulators
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // the mini-program runs on WeChat's globals, not Node's
    files: ['miniprogram/**/*.ts'],
    languageOptions: {
      globals: {
        wx: 'readonly',
        App: 'readonly',
        Page: 'readonly',
        Component: 'readonly',
        getApp: 'readonly',
        requirePlugin: 'readonly',
        getCurrentPages: 'readonly',
      },
    },
    rules: { 'no-restricted-globals': ['error', 'process', 'require', '__dirname', 'Buffer'] },
  },
)
