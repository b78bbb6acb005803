import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the bot's server under /tab; the i18n catalogs are shared with the bot.
export default defineConfig({
  base: '/tab/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    fs: { allow: ['..'] },
    proxy: { '/api': 'http://127.0.0.1:3978', '/dev': 'http://127.0.0.1:3978' },
  },
});
