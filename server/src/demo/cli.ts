// `pnpm db:seed-demo`: loads the demo data set into the database the server would use (DATABASE_URL,
// else the embedded PGlite in PGLITE_DIR; stop the server first, PGlite allows one process). It is
// the only way demo data gets into a Postgres. Refuses a database that holds data of its own.
import { buildApp } from '../app.ts'
import { loadConfig } from '../config.ts'
import { findDemoLoad, hasOwnData } from '../queries/demo.ts'
import { demoBanner } from './first-start.ts'
import { loadDemoData } from './load.ts'

const config = loadConfig()
const app = await buildApp({ config })
const where = config.databaseUrl ? `Postgres (DATABASE_URL)` : `PGlite ${config.pgliteDir}`
const url = `http://localhost:${config.port}`
try {
  const previous = await findDemoLoad(app.db)
  if (previous) {
    console.log(`Data demo sudah ada di ${where} / the demo data set is already in ${where}; nothing written.`)
    process.stdout.write(demoBanner({ loadedNow: false, loadedAt: previous.at }, url))
  } else if (await hasOwnData(app.db)) {
    console.error(
      `Ditolak: ${where} sudah berisi artikel atau KIM; data demo tidak dicampur dengan data nyata.\n` +
        `Refused: ${where} already holds articles or KIM groups; demo data is not mixed with real data.`,
    )
    process.exitCode = 1
  } else {
    console.log(`Memuat data demo ke / loading the demo data set into ${where}`)
    const result = await loadDemoData(app.db, {
      timeZone: config.timeZone,
      now: new Date(),
      onProgress: ({ percent, step }) => console.log(`${String(percent).padStart(3)}%  ${step}`),
    })
    if (result.loaded) {
      console.log(`Selesai dalam / done in ${(result.milliseconds / 1000).toFixed(1)} s:`, result.counts)
      process.stdout.write(
        demoBanner(
          {
            loadedNow: true,
            summary: `${result.counts.articles} artikel, ${result.counts.pageViews} page views, ${result.counts.kimGroups} KIM`,
          },
          url,
        ),
      )
    } else {
      console.log(`Data demo sudah dimuat oleh proses lain / another process loaded the demo data at ${result.loadedAt.toISOString()}`)
    }
  }
} catch (error) {
  console.error(error)
  process.exitCode = 1
} finally {
  await app.close()
}
