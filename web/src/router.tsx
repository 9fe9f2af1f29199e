import { lazy, Suspense, type ReactNode } from 'react'
import { createBrowserRouter, Navigate, useRouteError } from 'react-router'
import { useTranslation } from 'react-i18next'
import { Layout } from './components/Layout.tsx'
import { Skeleton } from './components/Skeleton.tsx'
import { ErrorState } from './components/States.tsx'

// Every page is its own chunk: the first load carries only the frame, the login and the page asked
// for; charts (recharts, d3-geo) come with the pages that draw them.
const LoginPage = lazy(() => import('./pages/LoginPage.tsx'))
const OverviewPage = lazy(() => import('./pages/OverviewPage.tsx'))
const RegionsPage = lazy(() => import('./pages/RegionsPage.tsx'))
const RegionDetailPage = lazy(() => import('./pages/RegionDetailPage.tsx'))
const CategoriesPage = lazy(() => import('./pages/CategoriesPage.tsx'))
const ArticlesPage = lazy(() => import('./pages/ArticlesPage.tsx'))
const ArticleDetailPage = lazy(() => import('./pages/ArticleDetailPage.tsx'))
const KimPage = lazy(() => import('./pages/KimPage.tsx'))
const KimGroupPage = lazy(() => import('./pages/KimGroupPage.tsx'))
const KimGroupFormPage = lazy(() => import('./pages/KimGroupFormPage.tsx'))
const KimActivityFormPage = lazy(() => import('./pages/KimActivityFormPage.tsx'))
const KimImportPage = lazy(() => import('./pages/KimImportPage.tsx'))
const ExportPage = lazy(() => import('./pages/ExportPage.tsx'))
const ReportPage = lazy(() => import('./pages/ReportPage.tsx'))
const ReportPrintPage = lazy(() => import('./pages/ReportPrintPage.tsx'))
const AdminPage = lazy(() => import('./pages/AdminPage.tsx'))
const NotFoundPage = lazy(() => import('./pages/NotFoundPage.tsx'))

function PageFallback() {
  return (
    <div className="page-loading">
      <Skeleton height={32} width="40%" />
      <Skeleton height={120} lines={3} />
    </div>
  )
}

function page(element: ReactNode) {
  return <Suspense fallback={<PageFallback />}>{element}</Suspense>
}

/** A crash inside a page (or a chunk that failed to load after a deploy) stays inside the frame. */
function RouteError() {
  const { t } = useTranslation()
  const error = useRouteError()
  return <ErrorState error={error} what={t('error.thisPage')} onRetry={() => window.location.reload()} />
}

export const router = createBrowserRouter([
  { path: '/masuk', element: page(<LoginPage />) },
  // The monthly report for paper and the server's PDF: outside the signed-in frame (no navigation).
  { path: '/cetak/laporan/:month', element: page(<ReportPrintPage />), errorElement: <RouteError /> },
  {
    path: '/',
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, element: <Navigate to="/ringkasan" replace /> },
          { path: 'ringkasan', element: page(<OverviewPage />) },
          { path: 'wilayah', element: page(<RegionsPage />) },
          { path: 'wilayah/:code', element: page(<RegionDetailPage />) },
          { path: 'kategori', element: page(<CategoriesPage />) },
          { path: 'artikel', element: page(<ArticlesPage />) },
          { path: 'artikel/:id', element: page(<ArticleDetailPage />) },
          { path: 'kim', element: page(<KimPage />) },
          { path: 'kim/grup/baru', element: page(<KimGroupFormPage />) },
          { path: 'kim/grup/:id', element: page(<KimGroupPage />) },
          { path: 'kim/grup/:id/ubah', element: page(<KimGroupFormPage />) },
          { path: 'kim/kegiatan/baru', element: page(<KimActivityFormPage />) },
          { path: 'kim/kegiatan/:id/ubah', element: page(<KimActivityFormPage />) },
          { path: 'kim/impor', element: page(<KimImportPage />) },
          { path: 'ekspor', element: page(<ExportPage />) },
          { path: 'laporan', element: page(<ReportPage />) },
          { path: 'admin', element: <Navigate to="/admin/pengguna" replace /> },
          { path: 'admin/:tab', element: page(<AdminPage />) },
          { path: '*', element: page(<NotFoundPage />) },
        ],
      },
    ],
  },
])
