// The dashboard's build: `vite build --config web/vite.config.ts` writes build/web, which
// `warden server` serves. `vite --config web/vite.config.ts` serves it for development and
// forwards /api to a server on 127.0.0.1:7700.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string): string => decodeURIComponent(new URL(path, import.meta.url).pathname);

export default defineConfig({
  root: here('.'),
  publicDir: here('public'),
  plugins: [react()],
  build: {
    outDir: here('../build/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:7700', '/healthz': 'http://127.0.0.1:7700' },
  },
});
