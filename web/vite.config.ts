import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/** A module of one of the named packages (an alternation), inside pnpm's node_modules/.pnpm store. */
const dependency = (names: string) => new RegExp(String.raw`[\\/]node_modules[\\/].*[\\/]node_modules[\\/](${names})[\\/]`)

// Named chunks for the libraries, so the build output says where the bytes are: the first load
// carries `vendor` (React, router, query, i18next) and the app frame; `charts` (recharts) and
// `map` (d3-geo and the regency shapes) load only with the pages that draw them.
export default defineConfig({
  plugins: [react()],
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000', '/t.js': 'http://localhost:3000', '/healthz': 'http://localhost:3000' } },
  build: {
    outDir: 'dist',
    sourcemap: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'vendor',
              test: dependency(
                'react|react-dom|scheduler|react-router|cookie|set-cookie-parser|i18next|react-i18next|' +
                  '@tanstack[\\\\/](react-query|query-core)',
              ),
              priority: 3,
            },
            {
              name: 'charts',
              test: dependency(
                'recharts|@reduxjs|redux|react-redux|immer|reselect|es-toolkit|decimal\\.js-light|eventemitter3|' +
                  'tiny-invariant|victory-vendor|' +
                  'd3-(scale|shape|array|interpolate|color|format|time|time-format|path|ease|timer)',
              ),
              priority: 2,
            },
            { name: 'map', test: /[\\/]node_modules[\\/].*[\\/]node_modules[\\/]d3-geo[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
})
