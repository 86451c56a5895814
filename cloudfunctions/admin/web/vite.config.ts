/**
 * The back office page (直播卖货管理): built into ../public, which the admin function serves at /admin/.
 * `base: './'` keeps every asset URL relative, so the same build works under /admin/ locally and behind
 * CloudBase HTTP access; the hash router needs no rewrites.
 */
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

const here = path.dirname(fileURLToPath(import.meta.url))

export default defineConfig({
  root: here,
  base: './',
  plugins: [vue()],
  resolve: { alias: { '@': path.join(here, 'src') } },
  build: {
    outDir: path.join(here, '..', 'public'),
    emptyOutDir: true,
    target: 'es2020',
    reportCompressedSize: false,
    // .vite/manifest.json: the e2e suite measures each route's first load from it
    manifest: true,
    chunkSizeWarningLimit: 800,
  },
  logLevel: 'warn',
})
