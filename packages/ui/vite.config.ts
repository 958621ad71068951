import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** `vite` serves the app and proxies the API to a running server (`HEADWATER_API`, default the local one). */
const api = process.env.HEADWATER_API ?? 'http://127.0.0.1:4200';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist/app', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  server: { host: '127.0.0.1', proxy: { '/graphql': api, '/health': api } },
});
