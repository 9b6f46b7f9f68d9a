import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Three pages, all served by the gateway from dist/ under /console/: the console (index), the
// GraphQL IDE the development gateway shows at / (ide), and the production key form (login).
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 5000,
    rollupOptions: {
      // graphiql's "use no memo" directives: React-compiler hints, harmless when bundled
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        ide: resolve(import.meta.dirname, 'ide.html'),
        login: resolve(import.meta.dirname, 'login.html'),
      },
    },
  },
  worker: { format: 'es' },
});
