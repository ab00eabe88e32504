import { defineConfig } from 'vite';

/** apps/web, wherever Vite is started from (npm run build runs it from the repository root). */
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

/** Where `npm run web:dev` sends API calls: the gateway of `npm start`. */
const gateway = 'http://127.0.0.1:3000';

// No @vitejs/plugin-react: Vite 8 compiles TSX itself with oxc; the automatic runtime imports react/jsx-runtime.
export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  // the dependency cache of `web:dev` in the repository's node_modules, not a node_modules of its own here
  cacheDir: '../../node_modules/.vite/web',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // everything that is not HTML has a content hash in its name and lives under assets/ (cached for a year)
    assetsDir: 'assets',
    rolldownOptions: {
      output: {
        // the libraries change less often than the app: their own chunk stays cached across deploys
        // and each area's pages are one chunk, loaded when the area is first opened (its routes.tsx stays in the
        // entry: the router needs its paths and the header its links before any area loads)
        codeSplitting: {
          groups: [
            // ZXing (the camera's decoder where the browser has no BarcodeDetector) is large and rarely needed: it
            // stays out of vendor, in its own chunk loaded when a camera scan starts
            { name: 'vendor', test: /node_modules\/(?!@zxing\/)/ },
            {
              debugName: 'area',
              name: (id) => /\/areas\/(\w+)\//.exec(id)?.[1] ?? null,
              test: /\/areas\/\w+\/(?!routes\.tsx)/,
            },
          ],
        },
      },
      onwarn(warning, warn) {
        // react-router marks its modules "use client" for server components; meaningless in a browser bundle
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') {
          warn(warning);
        }
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': gateway,
      '/docs-json': gateway,
    },
  },
  preview: { port: 4173 },
});
