import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the bot's server under /tab; the i18n catalogs and the domain's schemas come from
// the contract package the bot imports too. Two pages: the tab itself and the configuration page of the channel tab.
export default defineConfig({
  base: '/tab/',
  plugins: [react()],
  // The tab's Entra app id (public, not a secret) reaches the browser only through this prefix.
  envPrefix: ['VITE_', 'AAD_APP_CLIENT_ID'],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    rollupOptions: {
      input: { index: 'index.html', config: 'config.html' },
    },
  },
  server: {
    fs: { allow: ['..'] },
    proxy: { '/api': 'http://127.0.0.1:3978', '/dev': 'http://127.0.0.1:3978' },
  },
});
