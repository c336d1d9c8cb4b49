import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // Wails serves the built files from its embedded file system; relative
  // paths keep them working whatever the page's URL is.
  base: './',
  plugins: [vue()],
  define: {
    // vue-i18n's compile-time flags: Composition API only, no devtools hooks.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    // tests/reasons.spec.ts reads engine/reasons.go (as text) to check the language files word every reason.
    fs: { allow: ['.', '../engine'] },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.spec.ts'],
    setupFiles: ['tests/setup.ts'],
    mockReset: true,
    // Mounting the whole app takes seconds on a busy 2-core machine.
    testTimeout: 20000,
  },
})
