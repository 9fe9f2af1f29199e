// The web app imports the regency shapes with Vite's `?raw` suffix (web/tsconfig gets this type from
// vite/client). The tests package compiles those web files too, so it declares the same module here.
declare module '*?raw' {
  const content: string
  export default content
}
