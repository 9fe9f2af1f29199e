import { useTranslation } from 'react-i18next'
import { Navigate, NavLink, useParams } from 'react-router'
import { useMe } from '../components/Layout.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { EmptyState } from '../components/States.tsx'
import { isAdmin } from '../data/roles.ts'
import { AuditTab } from './admin/AuditTab.tsx'
import { CategoriesTab } from './admin/CategoriesTab.tsx'
import { HistoryTab } from './admin/HistoryTab.tsx'
import { ReportSchedulesTab } from './admin/ReportSchedulesTab.tsx'
import { SitesTab } from './admin/SitesTab.tsx'
import { TokensTab } from './admin/TokensTab.tsx'
import { UsersTab } from './admin/UsersTab.tsx'

const TABS = {
  pengguna: UsersTab,
  token: TokensTab,
  situs: SitesTab,
  kategori: CategoriesTab,
  riwayat: HistoryTab,
  laporan: ReportSchedulesTab,
  audit: AuditTab,
} as const
type Tab = keyof typeof TABS

/** /admin/:tab: users and roles, API tokens, sites, categories, the portal's history, report emails, the audit log. Admins only. */
export default function AdminPage() {
  const { t } = useTranslation()
  const me = useMe()
  const { tab = 'pengguna' } = useParams()
  if (!isAdmin(me)) {
    return (
      <>
        <PageHeader title={t('nav.admin')} />
        <EmptyState title={t('admin.onlyAdmins')} />
      </>
    )
  }
  if (!(tab in TABS)) return <Navigate to="/admin/pengguna" replace />
  const Current = TABS[tab as Tab]
  return (
    <>
      <PageHeader title={`${t('nav.admin')} · ${t(`admin.tabs.${tab as Tab}`)}`} lead={t('admin.lead')} />
      <nav className="subnav" aria-label={t('admin.sections')}>
        <ul>
          {(Object.keys(TABS) as Tab[]).map((key) => (
            <li key={key}>
              <NavLink to={`/admin/${key}`}>{t(`admin.tabs.${key}`)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Current />
    </>
  )
}
