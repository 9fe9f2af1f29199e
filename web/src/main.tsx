import { QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
// react-router/dom's provider updates the DOM synchronously on navigation (a ticked box shows at once).
import { RouterProvider } from 'react-router/dom'
import { setUnauthorizedHandler } from './api/client.ts'
import { queryClient } from './api/query-client.ts'
import { initI18n } from './i18n/index.ts'
import { router } from './router.tsx'
import './styles.css'

// A 401 in the middle of work means the session ended (expired, or signed out elsewhere): drop
// everything cached for that person and ask them to sign in again, then come back here.
setUnauthorizedHandler(() => {
  const here = router.state.location
  if (here.pathname === '/masuk') return
  queryClient.clear()
  const back = encodeURIComponent(here.pathname + here.search)
  void router.navigate(`/masuk?alasan=sesi-berakhir&kembali=${back}`, { replace: true })
})

void initI18n().then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>,
  )
})
